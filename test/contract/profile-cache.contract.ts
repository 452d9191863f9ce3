import type { ProfileCache } from '../../src/domain/ports/profile-cache.js';
import { aProfile } from '../support/profile-builder.js';

export interface CacheFixture {
  readonly cache: ProfileCache;
  /** Lets entry lifetimes pass (a manual clock, or real waiting for a remote cache). */
  readonly passTime: (ms: number) => Promise<void>;
  readonly ttlMs: number;
  readonly absentTtlMs: number;
}

export function profileCacheContract(name: string, makeFixture: () => Promise<CacheFixture>): void {
  describe(`ProfileCache contract: ${name}`, () => {
    let f: CacheFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    const later = new Date('2026-02-01T00:00:00Z');

    test('when nothing was cached, then get misses; after set, it hits with the same profile', async () => {
      const profile = aProfile().build();
      expect(await f.cache.get(profile.id)).toEqual({ kind: 'miss' });
      await f.cache.set(profile);
      const lookup = await f.cache.get(profile.id);
      expect(lookup.kind).toBe('hit');
      expect(lookup.kind === 'hit' && lookup.profile.toSnapshot()).toEqual(profile.toSnapshot());
    });

    test('when many ids are looked up at once, then each gets what get would say: hit, absent or miss', async () => {
      const cached = aProfile().build();
      const absent = aProfile().build();
      const unknown = aProfile().build();
      await f.cache.set(cached);
      await f.cache.setAbsent(absent.id);
      const lookups = await f.cache.getMany([unknown.id, cached.id, absent.id]);
      expect([...lookups.keys()].sort()).toEqual([unknown.id, cached.id, absent.id].sort());
      expect(lookups.get(unknown.id)).toEqual({ kind: 'miss' });
      expect(lookups.get(absent.id)).toEqual({ kind: 'absent' });
      const hit = lookups.get(cached.id);
      expect(hit?.kind === 'hit' && hit.profile.toSnapshot()).toEqual(cached.toSnapshot());
      expect((await f.cache.getMany([])).size).toBe(0);
    });

    test('when an older version is set after a newer one, then the newer one stays', async () => {
      const v1 = aProfile().build();
      const v2 = v1.patch({ displayName: 'Newer' }, later);
      await f.cache.set(v2);
      await f.cache.set(v1);
      const lookup = await f.cache.get(v1.id);
      expect(lookup.kind === 'hit' && lookup.profile.version).toBe(2);
    });

    test('when absence is cached, then get says absent until a profile is set or the absent TTL passes', async () => {
      const profile = aProfile().build();
      await f.cache.setAbsent(profile.id);
      expect(await f.cache.get(profile.id)).toEqual({ kind: 'absent' });
      await f.passTime(f.absentTtlMs + 10);
      expect(await f.cache.get(profile.id)).toEqual({ kind: 'miss' });
      await f.cache.setAbsent(profile.id);
      await f.cache.set(profile);
      expect((await f.cache.get(profile.id)).kind).toBe('hit');
    });

    test('when invalidated after a write, then older fills and absence are refused, and the committed version is accepted', async () => {
      const v1 = aProfile().build();
      const v2 = v1.patch({ displayName: 'Committed' }, later);
      await f.cache.set(v1);
      await f.cache.invalidate(v1.id, 2);
      expect(await f.cache.get(v1.id)).toEqual({ kind: 'miss' });
      // A read that started before the write finishes now, with what it found then.
      await f.cache.set(v1);
      await f.cache.setAbsent(v1.id);
      expect(await f.cache.get(v1.id)).toEqual({ kind: 'miss' });
      await f.cache.set(v2);
      const lookup = await f.cache.get(v1.id);
      expect(lookup.kind === 'hit' && lookup.profile.version).toBe(2);
    });

    test('when many writes are invalidated at once, then each entry is dropped and older fills of each are refused', async () => {
      const profiles = [aProfile().build(), aProfile().build(), aProfile().build()];
      for (const profile of profiles) await f.cache.set(profile);
      await f.cache.invalidateMany(profiles.map((p) => ({ id: p.id, version: 2 })));
      for (const profile of profiles) await f.cache.set(profile);
      expect(await Promise.all(profiles.map((p) => f.cache.get(p.id)))).toEqual(profiles.map(() => ({ kind: 'miss' })));
    });

    test('when the TTL passes, then a cached profile is no longer served', async () => {
      const profile = aProfile().build();
      await f.cache.set(profile);
      await f.passTime(f.ttlMs + 10);
      expect(await f.cache.get(profile.id)).toEqual({ kind: 'miss' });
    });
  });
}
