// The profile cache and the rate-limit store, chosen by CACHE_DRIVER: in-process only, or an
// in-process L1 in front of Redis (L2) with invalidations shared across instances.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import { NoProfileCache } from '../adapters/cache/no-profile-cache.js';
import { TieredProfileCache } from '../adapters/cache/tiered-profile-cache.js';
import type { DependencyProbe } from '../adapters/http/health.js';
import type { RequestLimiters } from '../adapters/http/middleware/rate-limit.js';
import { MemoryProfileCache } from '../adapters/memory/memory-profile-cache.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Metrics } from '../adapters/observability/metrics.js';
import { RedisCacheCoordinator } from '../adapters/redis/redis-cache-coordinator.js';
import { createRedisClient } from '../adapters/redis/redis-client.js';
import { RedisProfileCache } from '../adapters/redis/redis-profile-cache.js';
import { Guard, type GuardObserver } from '../adapters/resilience/guard.js';
import type { Config } from './config.js';

export interface Caching {
  readonly profiles: ProfileCache;
  readonly limiters: RequestLimiters;
  readonly probe: DependencyProbe;
  close(): Promise<void>;
}

export interface CachingDependencies {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly guardObserver: GuardObserver;
}

export function createCaching(config: Config, deps: CachingDependencies): Caching {
  const { cacheRequests } = deps.metrics;
  const l1 = new MemoryProfileCache({ maxEntries: config.cache.maxEntries, ttlMs: config.cache.ttlMs, absentTtlMs: config.cache.absentTtlMs });
  const memoryLimiters = limiters(config, (opts) => new RateLimiterMemory(opts));
  if (config.cache.driver !== 'redis') {
    return {
      profiles: config.cache.driver === 'none' ? new NoProfileCache() : countingL1(l1, (result) => cacheRequests.inc({ tier: 'l1', result })),
      limiters: memoryLimiters,
      probe: { name: 'cache', critical: false, check: () => Promise.resolve('up') },
      close: () => Promise.resolve(),
    };
  }

  const redis = createRedisClient(config.redis, 'cache');
  const subscriber = redis.duplicate();
  for (const [client, role] of [[redis, 'commands'], [subscriber, 'subscriber']] as const) {
    // Without a listener an unreachable Redis would crash the process; it is expected, so it is only logged.
    client.on('error', (error: Error) => deps.log.debug({ err: error, role }, 'redis connection error'));
    client.on('ready', () => deps.log.info({ step: 'cache', role }, 'redis connected'));
  }
  const guard = new Guard(
    {
      name: 'cache', timeoutMs: config.redis.commandTimeoutMs + 50, retries: 0, resetTimeoutMs: 2000,
      errorThresholdPercentage: 50, volumeThreshold: 5, retryAfterSeconds: 1,
      // Every Redis error is a Redis problem; the cache has no domain outcomes.
      isDependencyFailure: () => true,
    },
    deps.guardObserver,
  );
  const l2 = new RedisProfileCache(redis, guard, {
    namespace: config.cache.keyPrefix,
    ttlMs: config.cache.sharedTtlMs,
    absentTtlMs: config.cache.absentTtlMs,
    onResult: (result) => cacheRequests.inc({ tier: 'l2', result }),
    // Called only once requests flow, long after `coordinator` below is initialized.
    onWriteFailure: () => coordinator.invalidationFailed(),
  });
  const coordinator = new RedisCacheCoordinator(redis, subscriber, l2, `${config.cache.keyPrefix}:v1:events`, deps.log);
  coordinator.onEvent((event) => {
    if (event.type === 'invalidate') void l1.invalidate(event.id, event.version);
    else l1.clear();
  });

  const redisLimiters = limiters(config, (opts) => new RateLimiterRedis({
    ...opts,
    storeClient: redis,
    // While Redis is unreachable the in-process limiter stands in.
    insuranceLimiter: new RateLimiterMemory(opts),
  }));

  return {
    profiles: new TieredProfileCache(l1, l2, coordinator, (result) => cacheRequests.inc({ tier: 'l1', result })),
    limiters: redisLimiters,
    probe: {
      name: 'cache',
      critical: false,
      // L1 keeps serving without Redis: the service is degraded, not down.
      async check() {
        if (redis.status !== 'ready' || guard.state === 'open') return 'degraded';
        await guard.run(() => redis.ping(), { idempotent: true });
        return 'up';
      },
      details: () => ({ breaker: guard.state }),
    },
    async close() {
      guard.shutdown();
      await Promise.all([quit(subscriber), quit(redis)]);
    },
  };
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

function limiters(config: Config, make: (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract): RequestLimiters {
  const { windowSeconds, readsPerWindow, writesPerWindow, uploadsPerWindow } = config.rateLimit;
  return {
    read: make({ keyPrefix: `${config.cache.keyPrefix}:rl:read`, points: readsPerWindow, duration: windowSeconds }),
    write: make({ keyPrefix: `${config.cache.keyPrefix}:rl:write`, points: writesPerWindow, duration: windowSeconds }),
    upload: make({ keyPrefix: `${config.cache.keyPrefix}:rl:upload`, points: uploadsPerWindow, duration: windowSeconds }),
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
