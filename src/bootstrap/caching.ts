// What every cache driver provides (cache.ts for the in-process one, cache-redis.ts for Redis),
// and the rate limiters each builds on its own store.
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { DependencyProbe } from '../adapters/http/health.js';
import type { RequestLimiter, RequestLimiters } from '../adapters/http/middleware/rate-limit.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Metrics } from '../adapters/observability/metrics.js';
import type { GuardObserver } from '../adapters/resilience/guard.js';
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

export interface LimiterOptions {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
}

export function limiters(config: Config, make: (opts: LimiterOptions) => RequestLimiter): RequestLimiters {
  const { windowSeconds, readsPerWindow, writesPerWindow, uploadsPerWindow } = config.rateLimit;
  return {
    read: make({ keyPrefix: `${config.cache.keyPrefix}:rl:read`, points: readsPerWindow, duration: windowSeconds }),
    write: make({ keyPrefix: `${config.cache.keyPrefix}:rl:write`, points: writesPerWindow, duration: windowSeconds }),
    upload: make({ keyPrefix: `${config.cache.keyPrefix}:rl:upload`, points: uploadsPerWindow, duration: windowSeconds }),
  };
}
