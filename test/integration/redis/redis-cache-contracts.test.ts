// The ProfileCache contract, run against Redis (L2) and the tiered cache (memory L1 + Redis L2),
// on one server and on a Cluster of three masters started for this file: its keys land in
// different slots, so every many-key operation must reach several servers.
import { TieredProfileCache } from '../../../src/adapters/redis/tiered-profile-cache.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { createRedisClient, endpointOf, type RedisClient, type RedisTopology } from '../../../src/adapters/redis/redis-client.js';
import { RedisProfileCache } from '../../../src/adapters/redis/redis-profile-cache.js';
import type { Guard } from '../../../src/adapters/resilience/guard.js';
import { guardFor } from '../../../src/adapters/resilience/guard-for.js';
import { LocalRedis } from '../../../tools/redis/local-redis.js';
import { profileCacheContract } from '../../contract/profile-cache.contract.js';
import { ready, redisSettings, testNamespace } from '../../support/redis.js';

const TTL = 400;
const ABSENT_TTL = 200;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(['standalone', 'cluster'] as const)('on Redis %s', (mode) => {
  let redis: RedisClient;
  let nodes: LocalRedis[] = [];
  const guards: Guard[] = [];
  beforeAll(async () => {
    let topology: RedisTopology | undefined;
    if (mode === 'cluster') {
      nodes = await LocalRedis.cluster('contract');
      topology = { mode: 'cluster', nodes: nodes.map((n) => endpointOf(n.address)) };
    }
    redis = createRedisClient(await redisSettings(topology), 'test');
    await ready(redis);
  }, 30_000);
  afterAll(async () => {
    for (const guard of guards) guard.shutdown();
    redis.disconnect();
    await Promise.all(nodes.map((n) => n.remove()));
  });

  function l2(): RedisProfileCache {
    const guard = guardFor('cache', { timeoutMs: 450 });
    guards.push(guard);
    return new RedisProfileCache(redis, guard, { namespace: testNamespace(), ttlMs: TTL, absentTtlMs: ABSENT_TTL });
  }

  profileCacheContract(`redis ${mode}`, () => Promise.resolve({ cache: l2(), ttlMs: TTL, absentTtlMs: ABSENT_TTL, passTime: sleep }));

  profileCacheContract(`tiered (memory L1 + redis ${mode} L2)`, () => {
    const l1 = new MemoryProfileCache({ maxEntries: 100, ttlMs: TTL, absentTtlMs: ABSENT_TTL });
    const cache = new TieredProfileCache(l1, l2(), {
      announceInvalidation: () => Promise.resolve(),
      announceInvalidations: () => Promise.resolve(),
    });
    return Promise.resolve({ cache, ttlMs: TTL, absentTtlMs: ABSENT_TTL, passTime: sleep });
  });
});
