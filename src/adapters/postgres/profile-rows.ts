// Mapping between the profiles table and the Profile aggregate.
import { UniquenessConflictError } from '../../domain/errors.js';
import { Profile } from '../../domain/profile/profile.js';
import { isServerAnswer } from './sql.js';

export interface ProfileRow {
  id: string;
  owner_id: string;
  handle: string;
  email: string;
  display_name: string;
  bio: string;
  location: string;
  website: string | null;
  avatar_status: 'processing' | 'ready' | 'failed' | null;
  avatar_version: number | null;
  avatar_ready_version: number | null;
  avatar_task_id: string | null;
  avatar_sequence: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  version: number;
}

export const PROFILE_COLUMNS =
  'id, owner_id, handle, email, display_name, bio, location, website, avatar_status, avatar_version, avatar_ready_version, ' +
  'avatar_task_id, avatar_sequence, created_at, updated_at, deleted_at, version';

/** The SQL type of each column, in PROFILE_COLUMNS order. */
export const PROFILE_COLUMN_TYPES = [
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'integer',
  'integer',
  'uuid',
  'integer',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'integer',
] as const;

export function profileFromRow(row: ProfileRow): Profile {
  return Profile.fromSnapshot({
    id: row.id,
    ownerId: row.owner_id,
    handle: row.handle,
    email: row.email,
    displayName: row.display_name,
    bio: row.bio,
    location: row.location,
    website: row.website,
    avatar:
      row.avatar_status === null
        ? null
        : {
            status: row.avatar_status,
            version: row.avatar_version ?? 1,
            readyVersion: row.avatar_ready_version,
            taskId: row.avatar_task_id,
          },
    avatarSequence: row.avatar_sequence,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
    version: row.version,
  });
}

/** The values of every column, in PROFILE_COLUMNS order. */
export function profileValues(profile: Profile): unknown[] {
  const s = profile.toSnapshot();
  return [
    s.id,
    s.ownerId,
    s.handle,
    s.email,
    s.displayName,
    s.bio,
    s.location,
    s.website,
    s.avatar?.status ?? null,
    s.avatar?.version ?? null,
    s.avatar?.readyVersion ?? null,
    s.avatar?.taskId ?? null,
    s.avatarSequence,
    s.createdAt,
    s.updatedAt,
    s.deletedAt,
    s.version,
  ];
}

const CONFLICTS: Record<string, () => UniquenessConflictError> = {
  profiles_owner_key: () => new UniquenessConflictError('owner_has_profile', '/ownerId', 'This owner already has a profile.'),
  profiles_email_key: () => new UniquenessConflictError('email_taken', '/email', 'This e-mail address belongs to another profile.'),
};

/** Turns a unique violation (SQLSTATE 23505) into the domain conflict it stands for. */
export function conflictFrom(error: unknown, profile: Profile): UniquenessConflictError | undefined {
  if (!isServerAnswer(error) || error.code !== '23505') return undefined;
  if (error.constraint === 'profiles_handle_key') {
    return new UniquenessConflictError('handle_taken', '/handle', `The handle "${profile.handle.value}" is taken.`);
  }
  return CONFLICTS[error.constraint ?? '']?.();
}
