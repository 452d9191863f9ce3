// The ProfileCache contract, run against Redis (L2) and the tiered cache (memory L1 + Redis L2).
import type { Redis } from 'ioredis';
import { TieredProfileCache } from '../../../src/adapters/redis/tiered-profile-cache.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { createRedisClient } from '../../../src/adapters/redis/redis-client.js';
import { RedisProfileCache } from '../../../src/adapters/redis/redis-profile-cache.js';
import { Guard } from '../../../src/adapters/resilience/guard.js';
import { profileCacheContract } from '../../contract/profile-cache.contract.js';
import { ready, redisAddress, testNamespace } from '../../support/redis.js';

const TTL = 400;
const ABSENT_TTL = 200;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let redis: Redis;
const guards: Guard[] = [];
beforeAll(async () => {
  redis = createRedisClient({ address: await redisAddress(), db: 0, commandTimeoutMs: 500, connectTimeoutMs: 1000 }, 'test');
  await ready(redis);
});
afterAll(() => {
  for (const guard of guards) guard.shutdown();
  redis.disconnect();
});

function l2(): RedisProfileCache {
  const guard = new Guard({
    name: 'cache', timeoutMs: 500, retries: 0, resetTimeoutMs: 1000, errorThresholdPercentage: 50, volumeThreshold: 5,
    retryAfterSeconds: 1, isDependencyFailure: () => true,
  });
  guards.push(guard);
  return new RedisProfileCache(redis, guard, { namespace: testNamespace(), ttlMs: TTL, absentTtlMs: ABSENT_TTL });
}

profileCacheContract('redis', () => Promise.resolve({ cache: l2(), ttlMs: TTL, absentTtlMs: ABSENT_TTL, passTime: sleep }));

profileCacheContract('tiered (memory L1 + redis L2)', () => {
  const l1 = new MemoryProfileCache({ maxEntries: 100, ttlMs: TTL, absentTtlMs: ABSENT_TTL });
  const cache = new TieredProfileCache(l1, l2(), { announceInvalidation: () => Promise.resolve(), announceInvalidations: () => Promise.resolve() });
  return Promise.resolve({ cache, ttlMs: TTL, absentTtlMs: ABSENT_TTL, passTime: sleep });
});
