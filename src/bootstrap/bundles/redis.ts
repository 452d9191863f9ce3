// CACHE_DRIVER=redis: Redis (L2) behind the in-process L1, an invalidation channel shared by
// every instance, and rate limits kept in Redis (in process while Redis is away).
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { limiters } from '../../adapters/dependencies/dependencies.js';
import { LeasedRequestLimiter } from '../../adapters/redis/leased-request-limiter.js';
import { RedisCacheCoordinator } from '../../adapters/redis/redis-cache-coordinator.js';
import { RedisConnections } from '../../adapters/redis/redis-connections.js';
import { RedisProfileCache } from '../../adapters/redis/redis-profile-cache.js';
import { RedisRequestLimiter } from '../../adapters/redis/redis-request-limiter.js';
import { TieredProfileCache } from '../../adapters/redis/tiered-profile-cache.js';
import { guardFor } from '../../adapters/resilience/guard-for.js';
import type { Config } from '../../adapters/settings/config.js';
import { rateLimitLease, REDIS_SERVER_CHECK_MS } from '../../adapters/settings/tunables.js';
import { GUARD_OBSERVER, GUARD_SPANS, LOGGER, METRICS } from '../tokens.js';
import { cacheBundle } from './dependency.js';
import { memoryL1 } from './memory.js';

export function redisCache({ cache, rateLimit, redis: settings }: Pick<Config, 'cache' | 'rateLimit' | 'redis'>) {
  return cacheBundle((ctx) => {
    const log = ctx.get(LOGGER);
    const { cacheRequests } = ctx.get(METRICS);
    const guard = guardFor(
      'cache',
      { timeoutMs: settings.commandTimeoutMs },
      ctx.get(GUARD_OBSERVER),
      ctx.get(GUARD_SPANS)('redis', { 'db.system.name': 'redis' }),
    );
    const redis = new RedisConnections(settings, guard, log);
    const l1 = memoryL1(cache);
    const l2 = new RedisProfileCache(redis.commands, guard, {
      namespace: cache.keyPrefix,
      ttlMs: cache.sharedTtlMs,
      absentTtlMs: cache.absentTtlMs,
      onResult: (result) => cacheRequests.inc({ tier: 'l2', result }),
    });
    const coordinator = new RedisCacheCoordinator(
      redis.commands,
      redis.subscriber,
      l2,
      guard,
      `${cache.keyPrefix}:v1:events`,
      log,
      REDIS_SERVER_CHECK_MS,
    );
    coordinator.onEvent((event) => (event.type === 'invalidate' ? void l1.invalidate(event.id, event.version) : l1.clear()));
    return {
      profiles: new TieredProfileCache(l1, l2, coordinator, (result) => cacheRequests.inc({ tier: 'l1', result })),
      limiters: limiters(
        cache.keyPrefix,
        rateLimit,
        (options) =>
          new LeasedRequestLimiter(
            new RedisRequestLimiter(
              new RateLimiterRedis({ ...options, storeClient: redis.commands }),
              new RateLimiterMemory(options),
              guard,
            ),
            rateLimitLease(options.points),
          ),
      ),
      probe: redis.probe(),
      async close() {
        coordinator.close();
        guard.shutdown();
        await redis.close();
      },
    };
  });
}
