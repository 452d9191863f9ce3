// The in-process profile cache: a bounded LRU with a TTL. Alone it is the cache of
// CACHE_DRIVER=memory; with CACHE_DRIVER=redis it is the L1 tier in front of Redis.
import { LRUCache } from 'lru-cache';
import type { CacheLookup, CommittedVersion, ProfileCache } from '../../domain/ports/profile-cache.js';
import type { Profile } from '../../domain/profile/profile.js';

type Entry =
  | { kind: 'hit'; profile: Profile }
  | { kind: 'absent' }
  /** Left by `invalidate`: refuses fills older than the committed version. */
  | { kind: 'tombstone'; version: number };

export interface MemoryProfileCacheOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
  /** Absence is cached for less time than presence: a create makes it wrong. */
  readonly absentTtlMs: number;
  /** A clock in milliseconds (tests pass their own). */
  readonly now?: () => number;
}

export class MemoryProfileCache implements ProfileCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(private readonly options: MemoryProfileCacheOptions) {
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      ttlAutopurge: false,
      // An injected clock must be read on every check: lru-cache otherwise caches it for 1 ms of real time.
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }

  get(id: string): Promise<CacheLookup> {
    return Promise.resolve(this.lookup(id));
  }

  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>> {
    return Promise.resolve(new Map(ids.map((id) => [id, this.lookup(id)])));
  }

  private lookup(id: string): CacheLookup {
    const entry = this.entries.get(id);
    if (entry?.kind === 'hit') return { kind: 'hit', profile: entry.profile };
    return entry?.kind === 'absent' ? { kind: 'absent' } : { kind: 'miss' };
  }

  set(profile: Profile): Promise<void> {
    const entry = this.entries.peek(profile.id);
    const known = entry?.kind === 'hit' ? entry.profile.version : entry?.kind === 'tombstone' ? entry.version - 1 : 0;
    if (profile.version > known) this.entries.set(profile.id, { kind: 'hit', profile });
    return Promise.resolve();
  }

  setAbsent(id: string): Promise<void> {
    if (this.entries.peek(id) === undefined) {
      this.entries.set(id, { kind: 'absent' }, { ttl: this.options.absentTtlMs });
    }
    return Promise.resolve();
  }

  /** Drops every entry (a new cache generation began elsewhere). */
  clear(): void {
    this.entries.clear();
  }

  invalidate(id: string, committedVersion: number): Promise<void> {
    this.entries.set(id, { kind: 'tombstone', version: committedVersion });
    return Promise.resolve();
  }

  invalidateMany(committed: readonly CommittedVersion[]): Promise<void> {
    for (const { id, version } of committed) this.entries.set(id, { kind: 'tombstone', version });
    return Promise.resolve();
  }
}
