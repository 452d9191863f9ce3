// The one door through which every change to an existing profile passes, so that no use case
// can forget a step: load it inside a unit of work, refuse what the actor may not do, check the
// client's precondition, apply the change, save it at the version read with the event that
// tells other services of it, and once committed drop it from the cache.
import { ProfileNotFoundError, VersionMismatchError } from '../domain/errors.js';
import { profileEvent, type ProfileEventType } from '../domain/events/profile-event.js';
import type { Clock } from '../domain/ports/clock.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { TransactionScope, UnitOfWork } from '../domain/ports/unit-of-work.js';
import type { Profile } from '../domain/profile/profile.js';
import { assertMayModify, mayModify } from './access-policy.js';
import { accepts, type ExpectedVersion } from './expected-version.js';
import type { Principal } from './principal.js';

/** Who changes the profile: a principal (whose access is checked), or the service's own work (a task). */
export type Actor = Principal | 'service';

export interface ChangeRequest {
  readonly actor: Actor;
  readonly profileId: string;
  /** The versions the caller means to change; `any` (the default) when it named none. */
  readonly expected?: ExpectedVersion;
  /** Whether a soft-deleted profile can be changed (a restore); for other changes it is not found. */
  readonly deleted?: 'allowed';
  /** The bytes of a file the change stores (an avatar), for the unit of work (UnitOfWorkOptions). */
  readonly payloadBytes?: number;
}

/** What a change made: the profile to save (the same object when nothing changed) and anything else the caller needs. */
export interface Changed<T> {
  readonly next: Profile;
  readonly value: T;
  /** What other services are told, when the profile changed; `profile.updated` unless named. */
  readonly event?: Exclude<ProfileEventType, 'profile.created' | 'profile.purged'>;
}

export type Change<T> = (current: Profile, now: Date, scope: TransactionScope) => Changed<T> | Promise<Changed<T>>;

/**
 * A writer that lost a race (another change committed between our read and our write) tries
 * again on the newer version, unless its caller named the version it meant to change: then
 * the change fails with VersionMismatchError. A few rounds suffice: each lost round means another writer made progress.
 */
const ROUNDS_AGAINST_RACES = 5;

export class ProfileChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async apply<T>(request: ChangeRequest, change: Change<T>): Promise<Changed<T>> {
    const expected = request.expected ?? 'any';
    for (let round = 1; ; round++) {
      try {
        const { next, value, saved } = await this.uow.run(
          async (scope) => {
            const current = await this.load(scope, request);
            if (!accepts(expected, current.version)) throw new VersionMismatchError(current.version);
            const now = this.clock.now();
            const changed = await change(current, now, scope);
            if (changed.next !== current) {
              await scope.profiles.save(changed.next, current.version);
              await scope.events.add(profileEvent(changed.event ?? 'profile.updated', changed.next, this.ids.next(), now));
            }
            return { ...changed, saved: changed.next !== current };
          },
          { payloadBytes: request.payloadBytes ?? 0 },
        );
        if (saved) await this.cache.invalidate(request.profileId, next.version);
        return { next, value };
      } catch (error) {
        const raced = error instanceof VersionMismatchError && expected === 'any' && round < ROUNDS_AGAINST_RACES;
        if (!raced) throw error;
      }
    }
  }

  /** Throws now what `apply` would throw about access (not found, forbidden): before a large upload is read, say. */
  async check(request: ChangeRequest): Promise<void> {
    await this.uow.run((scope) => this.load(scope, request));
  }

  private async load(scope: TransactionScope, { actor, profileId, deleted }: ChangeRequest): Promise<Profile> {
    const current = await scope.profiles.findById(profileId);
    if (current === null || (current.isDeleted && deleted !== 'allowed')) throw new ProfileNotFoundError(profileId);
    if (actor === 'service') return current;
    // A deleted profile is invisible to everyone but those who may restore it.
    if (current.isDeleted && !mayModify(actor, current)) throw new ProfileNotFoundError(profileId);
    assertMayModify(actor, current);
    return current;
  }
}
