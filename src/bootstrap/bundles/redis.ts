// CACHE_DRIVER=redis: Redis (L2) behind the in-process L1, an invalidation channel shared by
// every instance, and rate limits kept in Redis (in process while Redis is away).
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../../adapters/observability/logger.js';
import type { Metrics } from '../../adapters/observability/metrics.js';
import { RedisCacheCoordinator } from '../../adapters/redis/redis-cache-coordinator.js';
import { RedisConnectionWatch } from '../../adapters/redis/connection-watch.js';
import { createRedisClient, describeTopology, reconnectWhenEnded, type RedisClient } from '../../adapters/redis/redis-client.js';
import { RedisProfileCache } from '../../adapters/redis/redis-profile-cache.js';
import { LeasedRequestLimiter } from '../../adapters/redis/leased-request-limiter.js';
import { RedisRequestLimiter } from '../../adapters/redis/redis-request-limiter.js';
import { TieredProfileCache } from '../../adapters/redis/tiered-profile-cache.js';
import { Guard, type GuardObserver, type GuardSpans } from '../../adapters/resilience/guard.js';
import type { DependencyStatus } from '../../adapters/http/health.js';
import type { Config } from '../config.js';
import { GUARD_OBSERVER, GUARD_SPANS, LOGGER, METRICS } from '../tokens.js';
import type { SpansFor } from './process.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, CACHE_GUARD, REDIS_SERVER_CHECK_MS, rateLimitLease } from '../tunables.js';
import { cacheBundle, limiters, type CacheSettings, type Caching } from './dependency.js';
import { memoryL1 } from './memory.js';

export function redisCache(settings: CacheSettings & { readonly redis: Config['redis'] }) {
  return cacheBundle((ctx) => redisCaching(settings, ctx.get(LOGGER), ctx.get(METRICS), ctx.get(GUARD_OBSERVER), ctx.get<SpansFor>(GUARD_SPANS)('redis', { 'db.system.name': 'redis' })));
}

function redisCaching(
  settings: CacheSettings & { readonly redis: Config['redis'] }, log: Logger, metrics: Metrics, guardObserver: GuardObserver, spans: GuardSpans | undefined,
): Caching {
  const { cache } = settings;
  const { cacheRequests } = metrics;
  const l1 = memoryL1(cache);
  const redis = createRedisClient(settings.redis, 'cache');
  const subscriber = createRedisClient(settings.redis, 'cache-events');
  const where = describeTopology(settings.redis);
  let closing = false;
  for (const [client, role] of [[redis, 'commands'], [subscriber, 'subscriber']] as const) {
    // Without a listener an unreachable Redis would crash the process; it is expected, so it is only logged.
    client.on('error', (error: Error) => log.debug({ err: error, role }, 'redis connection error'));
    client.on('ready', () => log.info({ step: 'cache', role, redis: where }, 'redis connected'));
    reconnectWhenEnded(client, () => closing, () => log.warn({ step: 'cache', role, redis: where }, 'the Redis client gave up reconnecting: starting it again'));
  }
  // What waiting will not mend is said once, naming the setting; the cache stays off meanwhile.
  const watch = new RedisConnectionWatch(redis, settings.redis.tls !== undefined, (refusal) =>
    log.error({ step: 'cache', redis: where, setting: refusal.setting }, `${refusal.setting}: ${refusal.reason}; the cache and shared rate limits are off until it is fixed`));
  const guard = new Guard(
    {
      name: 'cache', timeoutMs: settings.redis.commandTimeoutMs + CACHE_GUARD.deadlineSlackMs, retries: CACHE_GUARD.retries,
      resetTimeoutMs: CACHE_GUARD.resetTimeoutMs, retryAfterSeconds: CACHE_GUARD.retryAfterSeconds,
      errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE, volumeThreshold: BREAKER_VOLUME_THRESHOLD,
      // Every Redis error is a Redis problem; the cache has no domain outcomes.
      isDependencyFailure: () => true,
    },
    guardObserver,
    spans,
  );
  // A connection that stopped answering cannot be trusted once it answers again: commands
  // that timed out may never have reached Redis, and ioredis would match later replies to
  // them. Each time the breaker opens (again), a connection still up is made anew; one that
  // is already reconnecting is left to it (starting it over would only delay it).
  guard.onStateChange((state) => {
    if (state !== 'open') return;
    log.info({ step: 'cache' }, 'the cache and rate limits run in process while Redis is away');
    for (const client of [redis, subscriber]) if (client.status === 'ready') client.disconnect(true);
  });
  const l2 = new RedisProfileCache(redis, guard, {
    namespace: cache.keyPrefix,
    ttlMs: cache.sharedTtlMs,
    absentTtlMs: cache.absentTtlMs,
    onResult: (result) => cacheRequests.inc({ tier: 'l2', result }),
    // Called only once requests flow, long after `coordinator` below is initialized.
    onWriteFailure: () => coordinator.invalidationFailed(),
  });
  const coordinator = new RedisCacheCoordinator(redis, subscriber, l2, guard, `${cache.keyPrefix}:v1:events`, log, REDIS_SERVER_CHECK_MS);
  coordinator.onEvent((event) => {
    if (event.type === 'invalidate') void l1.invalidate(event.id, event.version);
    else l1.clear();
  });

  const redisLimiters = limiters(settings, (opts) => new LeasedRequestLimiter(
    new RedisRequestLimiter(new RateLimiterRedis({ ...opts, storeClient: redis }), new RateLimiterMemory(opts), guard),
    rateLimitLease(opts.points),
  ));

  return {
    profiles: new TieredProfileCache(l1, l2, coordinator, (result) => cacheRequests.inc({ tier: 'l1', result })),
    limiters: redisLimiters,
    probe: {
      name: 'cache',
      critical: false,
      // L1 keeps serving without Redis: the service is degraded, not down, while Redis is away.
      // Down when it refuses the service for a reason waiting will not mend (never critical).
      async check() {
        if (watch.problem) return 'down';
        if (redis.status !== 'ready' || guard.state === 'open') return 'degraded';
        return guard.run(() => redis.ping(), { idempotent: true }).then((): DependencyStatus => 'up', (): DependencyStatus => 'degraded');
      },
      details: () => ({ breaker: guard.state, mode: settings.redis.topology.mode, ...(watch.problem ? { reason: `${watch.problem.setting}: ${watch.problem.reason}` } : {}) }),
    },
    async close() {
      closing = true;
      coordinator.close();
      guard.shutdown();
      await Promise.all([quit(subscriber), quit(redis)]);
    },
  };
}

async function quit(client: RedisClient): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
