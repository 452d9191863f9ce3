// A profile cache that counts its lookups' outcomes (hit or miss): the in-process cache used
// alone (CACHE_DRIVER=memory). In front of Redis the tiered cache counts both tiers itself.
import type { Profile } from '../../domain/profile/profile.js';
import type { CacheLookup, CommittedVersion, ProfileCache } from '../../domain/ports/profile-cache.js';

export type LookupResult = 'hit' | 'miss';

const resultOf = (lookup: CacheLookup): LookupResult => (lookup.kind === 'miss' ? 'miss' : 'hit');

export class CountingProfileCache implements ProfileCache {
  constructor(
    private readonly inner: ProfileCache,
    private readonly count: (result: LookupResult) => void,
  ) {}

  async get(id: string): Promise<CacheLookup> {
    const lookup = await this.inner.get(id);
    this.count(resultOf(lookup));
    return lookup;
  }

  async getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>> {
    const lookups = await this.inner.getMany(ids);
    for (const lookup of lookups.values()) this.count(resultOf(lookup));
    return lookups;
  }

  set(profile: Profile): Promise<void> {
    return this.inner.set(profile);
  }

  setAbsent(id: string): Promise<void> {
    return this.inner.setAbsent(id);
  }

  invalidate(id: string, committedVersion: number): Promise<void> {
    return this.inner.invalidate(id, committedVersion);
  }

  invalidateMany(committed: readonly CommittedVersion[]): Promise<void> {
    return this.inner.invalidateMany(committed);
  }
}
