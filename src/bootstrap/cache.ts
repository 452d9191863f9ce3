// The profile cache and the rate-limit store, chosen by CACHE_DRIVER: in-process only, or an
// in-process L1 in front of Redis (L2) with invalidations shared across instances. The Redis
// half (cache-redis.ts) is loaded only when chosen.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import { NoProfileCache } from '../adapters/cache/no-profile-cache.js';
import { MemoryProfileCache } from '../adapters/memory/memory-profile-cache.js';
import { limiters, type Caching, type CachingDependencies } from './caching.js';
import type { Config } from './config.js';

export async function createCaching(config: Config, deps: CachingDependencies): Promise<Caching> {
  const { cacheRequests } = deps.metrics;
  const l1 = new MemoryProfileCache({ maxEntries: config.cache.maxEntries, ttlMs: config.cache.ttlMs, absentTtlMs: config.cache.absentTtlMs });
  if (config.cache.driver === 'redis') return (await import('./cache-redis.js')).createRedisCaching(config, deps, l1);
  return {
    profiles: config.cache.driver === 'none' ? new NoProfileCache() : countingL1(l1, (result) => cacheRequests.inc({ tier: 'l1', result })),
    limiters: limiters(config, (opts) => new RateLimiterMemory(opts)),
    probe: { name: 'cache', critical: false, check: () => Promise.resolve('up') },
    close: () => Promise.resolve(),
  };
}

/** The in-process cache alone, counting its lookups. */
function countingL1(l1: MemoryProfileCache, count: (result: 'hit' | 'miss') => void): ProfileCache {
  return {
    get: async (id) => {
      const lookup = await l1.get(id);
      count(lookup.kind === 'miss' ? 'miss' : 'hit');
      return lookup;
    },
    set: (profile) => l1.set(profile),
    setAbsent: (id) => l1.setAbsent(id),
    invalidate: (id, version) => l1.invalidate(id, version),
  };
}
