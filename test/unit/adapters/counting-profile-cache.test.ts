// CACHE_DRIVER=memory counts each lookup of its one tier: what profile_cache_requests_total shows.
import { CountingProfileCache, type LookupResult } from '../../../src/adapters/memory/counting-profile-cache.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { aProfile } from '../../support/profile-builder.js';

function countingCache() {
  const counted: LookupResult[] = [];
  const cache = new CountingProfileCache(new MemoryProfileCache({ maxEntries: 10, ttlMs: 60_000, absentTtlMs: 60_000 }), (result) =>
    counted.push(result),
  );
  return { cache, counted };
}

test('a lookup counts a hit when the cache answers (a profile, or a known absence) and a miss otherwise', async () => {
  const { cache, counted } = countingCache();
  const profile = aProfile().build();
  await cache.set(profile);
  await cache.setAbsent('gone');
  expect((await cache.get(profile.id)).kind).toBe('hit');
  expect((await cache.get('gone')).kind).toBe('absent');
  expect((await cache.get('never-seen')).kind).toBe('miss');
  expect(counted).toEqual(['hit', 'hit', 'miss']);
});

test('a batch lookup counts each id, and writes count nothing', async () => {
  const { cache, counted } = countingCache();
  const [a, b] = [aProfile().build(), aProfile().build()];
  await cache.set(a);
  await cache.set(b);
  await cache.invalidate(b.id, b.version + 1);
  const lookups = await cache.getMany([a.id, b.id, 'unknown']);
  expect([...lookups.values()].map((lookup) => lookup.kind)).toEqual(['hit', 'miss', 'miss']);
  expect(counted).toEqual(['hit', 'miss', 'miss']);
  await cache.invalidateMany([{ id: a.id, version: a.version + 1 }]);
  expect((await cache.get(a.id)).kind).toBe('miss');
  expect(counted).toHaveLength(4);
});
