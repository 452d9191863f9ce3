// The Profile aggregate: the one place that knows how a profile comes to be, changes
// (JSON Merge Patch, one version per change), is soft-deleted and restored.
import { InvalidValueError, RestoreWindowClosedError, parseFields } from '../errors.js';
import { Email } from './email.js';
import { Handle } from './handle.js';
import { Bio, DisplayName, Location } from './text-members.js';
import { Website } from './website.js';

export type AvatarStatus = 'processing' | 'ready' | 'failed';

/**
 * A profile's avatar: where its newest upload stands, and which upload is shown. An upload
 * that fails or is still processing never takes away the one shown before it.
 */
export interface AvatarState {
  /** How processing of the newest upload went (or goes). */
  readonly status: AvatarStatus;
  /** The newest upload. Every upload gets the next number of the profile's avatar sequence. */
  readonly version: number;
  /** The upload whose renditions are served (the newest one that became ready); null before any did. */
  readonly readyVersion: number | null;
  /** The task processing the newest upload. */
  readonly taskId: string | null;
}

/** A profile as plain data: what storage keeps and what crosses the core's boundary. */
export interface ProfileSnapshot {
  readonly id: string;
  readonly ownerId: string;
  readonly handle: string;
  readonly email: string;
  readonly displayName: string;
  readonly bio: string;
  readonly location: string;
  readonly website: string | null;
  readonly avatar: AvatarState | null;
  /**
   * The last avatar version issued. It only grows, across removals and new uploads, so an
   * avatar URL (which names its version) never stands for other bytes.
   */
  readonly avatarSequence: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
  readonly version: number;
}

export interface NewProfile {
  ownerId: unknown;
  handle: unknown;
  email: unknown;
  displayName: unknown;
  bio?: unknown;
  location?: unknown;
  website?: unknown;
}

/** The members a client may change, with JSON Merge Patch meaning: null removes. */
export const EDITABLE_MEMBERS = ['handle', 'email', 'displayName', 'bio', 'location', 'website'] as const;
export type EditableMember = (typeof EDITABLE_MEMBERS)[number];
export type ProfilePatch = Partial<Record<EditableMember, unknown>>;

/** Marks a member that a patch may change but not remove. */
const REQUIRED = Symbol('required');

/** The changeable state of a profile, as value objects. */
interface Members {
  handle: Handle;
  email: Email;
  displayName: DisplayName;
  bio: Bio;
  location: Location;
  website: Website | null;
  avatar: AvatarState | null;
  avatarSequence: number;
  deletedAt: Date | null;
}

function parseOwnerId(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidValueError('must be a string');
  if (raw.length < 1 || raw.length > 255) throw new InvalidValueError('must be 1 to 255 characters long');
  if (/[\p{Cc}\p{Cf}]/u.test(raw)) throw new InvalidValueError('must not contain control characters');
  return raw;
}

const parseWebsite = (raw: unknown): Website | null => (raw === null || raw === undefined ? null : Website.parse(raw));

export class Profile {
  private constructor(
    readonly id: string,
    readonly ownerId: string,
    readonly handle: Handle,
    readonly email: Email,
    readonly displayName: DisplayName,
    readonly bio: Bio,
    readonly location: Location,
    readonly website: Website | null,
    readonly avatar: AvatarState | null,
    readonly avatarSequence: number,
    readonly createdAt: Date,
    readonly updatedAt: Date,
    readonly deletedAt: Date | null,
    readonly version: number,
  ) {}

  /** Validates every member and reports all failures together, each under its JSON pointer. */
  static create(input: NewProfile, id: string, now: Date): Profile {
    const fields = parseFields({
      ownerId: () => parseOwnerId(input.ownerId),
      handle: () => Handle.parse(input.handle),
      email: () => Email.parse(input.email),
      displayName: () => DisplayName.parse(input.displayName),
      bio: () => (input.bio == null ? Bio.empty : Bio.parse(input.bio)),
      location: () => (input.location == null ? Location.empty : Location.parse(input.location)),
      website: () => parseWebsite(input.website),
    });
    return new Profile(
      id,
      fields.ownerId,
      fields.handle,
      fields.email,
      fields.displayName,
      fields.bio,
      fields.location,
      fields.website,
      null,
      0,
      now,
      now,
      null,
      1,
    );
  }

  /** Rebuilds a stored profile; storage holds only what `create` and `patch` accepted. */
  static fromSnapshot(s: ProfileSnapshot): Profile {
    return new Profile(
      s.id,
      s.ownerId,
      Handle.fromStored(s.handle),
      Email.fromStored(s.email),
      DisplayName.fromStored(s.displayName),
      Bio.fromStored(s.bio),
      Location.fromStored(s.location),
      s.website === null ? null : Website.fromStored(s.website),
      s.avatar,
      s.avatarSequence,
      s.createdAt,
      s.updatedAt,
      s.deletedAt,
      s.version,
    );
  }

  get isDeleted(): boolean {
    return this.deletedAt !== null;
  }

  /**
   * Applies a JSON Merge Patch (RFC 7396). A member set to null goes back to its default;
   * the required ones cannot be removed. A patch that changes nothing returns this same
   * profile, so its version stays.
   */
  patch(patch: ProfilePatch, now: Date): Profile {
    const member =
      <T>(name: EditableMember, current: T, parse: (raw: unknown) => T, cleared: T | typeof REQUIRED) =>
      () => {
        if (!Object.hasOwn(patch, name)) return current;
        if (patch[name] !== null) return parse(patch[name]);
        if (cleared === REQUIRED) throw new InvalidValueError('is required and cannot be removed');
        return cleared;
      };
    const changed = parseFields({
      handle: member('handle', this.handle, (raw) => Handle.parse(raw), REQUIRED),
      email: member('email', this.email, (raw) => Email.parse(raw), REQUIRED),
      displayName: member('displayName', this.displayName, (raw) => DisplayName.parse(raw), REQUIRED),
      bio: member('bio', this.bio, (raw) => Bio.parse(raw), Bio.empty),
      location: member('location', this.location, (raw) => Location.parse(raw), Location.empty),
      website: member<Website | null>('website', this.website, (raw) => Website.parse(raw), null),
    });
    const unchanged =
      changed.handle.equals(this.handle) &&
      changed.email.equals(this.email) &&
      changed.displayName.equals(this.displayName) &&
      changed.bio.equals(this.bio) &&
      changed.location.equals(this.location) &&
      changed.website?.value === this.website?.value;
    return unchanged ? this : this.next(now, changed);
  }

  /** Soft delete: the profile disappears from reads but can be restored within the grace period. */
  markDeleted(now: Date): Profile {
    return this.isDeleted ? this : this.next(now, { deletedAt: now });
  }

  /** Undoes a soft delete made less than `gracePeriodMs` ago; restoring a live profile changes nothing. */
  restore(now: Date, gracePeriodMs: number): Profile {
    if (this.deletedAt === null) return this;
    if (now.getTime() - this.deletedAt.getTime() > gracePeriodMs) throw new RestoreWindowClosedError(this.id);
    return this.next(now, { deletedAt: null });
  }

  /**
   * A new image was uploaded: it is processing under the next avatar version (so its URL will
   * be new), while the last ready one stays shown.
   */
  withAvatarUploaded(taskId: string, now: Date): Profile {
    const version = this.avatarSequence + 1;
    return this.next(now, {
      avatar: { status: 'processing', version, readyVersion: this.avatar?.readyVersion ?? null, taskId },
      avatarSequence: version,
    });
  }

  /**
   * Processing of upload `avatarVersion` ended. Only the newest upload's outcome counts: one for
   * an upload replaced or removed since changes nothing. A ready upload becomes the one shown;
   * a failed one leaves the shown one as it was.
   */
  withAvatarProcessed(avatarVersion: number, status: 'ready' | 'failed', now: Date): Profile {
    const avatar = this.avatar;
    if (avatar?.version !== avatarVersion || avatar.status === status) return this;
    const readyVersion = status === 'ready' ? avatarVersion : avatar.readyVersion;
    return this.next(now, { avatar: { ...avatar, status, readyVersion } });
  }

  withoutAvatar(now: Date): Profile {
    return this.avatar === null ? this : this.next(now, { avatar: null });
  }

  /** When a soft-deleted profile may be purged for good. */
  purgeDueAt(gracePeriodMs: number): Date | null {
    return this.deletedAt === null ? null : new Date(this.deletedAt.getTime() + gracePeriodMs);
  }

  toSnapshot(): ProfileSnapshot {
    return {
      id: this.id,
      ownerId: this.ownerId,
      handle: this.handle.value,
      email: this.email.value,
      displayName: this.displayName.value,
      bio: this.bio.value,
      location: this.location.value,
      website: this.website?.value ?? null,
      avatar: this.avatar,
      avatarSequence: this.avatarSequence,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      deletedAt: this.deletedAt,
      version: this.version,
    };
  }

  private next(now: Date, changes: Partial<Members>): Profile {
    const m: Members = { ...this.members(), ...changes };
    return new Profile(
      this.id,
      this.ownerId,
      m.handle,
      m.email,
      m.displayName,
      m.bio,
      m.location,
      m.website,
      m.avatar,
      m.avatarSequence,
      this.createdAt,
      now,
      m.deletedAt,
      this.version + 1,
    );
  }

  private members(): Members {
    return {
      handle: this.handle,
      email: this.email,
      displayName: this.displayName,
      bio: this.bio,
      location: this.location,
      website: this.website,
      avatar: this.avatar,
      avatarSequence: this.avatarSequence,
      deletedAt: this.deletedAt,
    };
  }
}
