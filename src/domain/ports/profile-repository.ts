import type { Profile } from '../profile/profile.js';

export interface ProfileListQuery {
  /** Lower-case handle prefix; only live profiles whose handle starts with it. */
  readonly handlePrefix?: string;
  /** Keyset pagination: only handles strictly after this one. */
  readonly afterHandle?: string;
  readonly limit: number;
}

/** The system of record for profiles. Uniqueness of handle, e-mail and owner is its to enforce. */
export interface ProfileRepository {
  /** The profile with this id, soft-deleted ones included; null when there is none. */
  findById(id: string): Promise<Profile | null>;
  /** Live (not deleted) profiles ordered by handle. */
  list(query: ProfileListQuery): Promise<Profile[]>;
  /** Stores a new profile; throws UniquenessConflictError when handle, e-mail or owner is taken. */
  add(profile: Profile): Promise<void>;
  /**
   * Stores many new profiles at once (a bulk import), each that breaks no uniqueness rule,
   * in order (of two in the batch that collide, the first is stored). Says of each profile
   * whether it was `added`, or already `existing` under its id; one it leaves out collided
   * with another profile, and `add` tells the caller which rule it broke.
   */
  addMany(profiles: readonly Profile[]): Promise<ReadonlyMap<string, 'added' | 'existing'>>;
  /**
   * Replaces the stored profile if its version is still `expectedVersion`, else throws
   * VersionMismatchError; throws UniquenessConflictError like `add`.
   */
  save(profile: Profile, expectedVersion: number): Promise<void>;
  /**
   * Erases a profile for good (the purge after the grace period) if it is still at
   * `expectedVersion`; false when it changed meanwhile (a restore) or is gone.
   */
  remove(id: string, expectedVersion: number): Promise<boolean>;
}

export const PROFILE_REPOSITORY = Symbol.for('ProfileRepository');
