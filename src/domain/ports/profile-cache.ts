import type { Profile } from '../profile/profile.js';

export type CacheLookup =
  | { readonly kind: 'hit'; readonly profile: Profile }
  /** The id was recently found to have no profile (negative caching). */
  | { readonly kind: 'absent' }
  | { readonly kind: 'miss' };

/**
 * A read-through cache of profiles by id. It is never critical: implementations do not
 * throw, a failing cache answers `miss` and ignores writes (and counts that in metrics).
 */
export interface ProfileCache {
  get(id: string): Promise<CacheLookup>;
  /** `get` for many ids at once: one lookup per tier (one round trip to a shared cache). */
  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>>;
  /** Caches a profile, unless the same or a newer version is known already. */
  set(profile: Profile): Promise<void>;
  /** Remembers briefly that the id has no profile, unless a write to it was just committed. */
  setAbsent(id: string): Promise<void>;
  /**
   * Drops the entry after a write committed `committedVersion`, and for one entry lifetime
   * refuses fills of older versions (or of absence): a read that started before the write
   * cannot put back what the write replaced.
   */
  invalidate(id: string, committedVersion: number): Promise<void>;
  /** `invalidate` for each of many writes at once (a bulk import): one round trip to a shared cache. */
  invalidateMany(committed: readonly CommittedVersion[]): Promise<void>;
}

export interface CommittedVersion {
  readonly id: string;
  readonly version: number;
}
