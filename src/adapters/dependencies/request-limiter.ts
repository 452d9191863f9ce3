// The request limits the HTTP edge applies, kept by the cache's driver: in process, or in Redis
// (with an in-process stand-in while Redis is away).
import type { RateLimiterRes } from 'rate-limiter-flexible';

/** A budget of `points` per `duration` seconds per key; `consume` rejects with a RateLimiterRes once it is spent. */
export interface RequestLimiter {
  readonly points: number;
  readonly duration: number;
  consume(key: string): Promise<RateLimiterRes>;
}

export interface RequestLimiters {
  readonly read: RequestLimiter;
  readonly write: RequestLimiter;
  /** Uploads cost the most (image decoding, imports): the tightest limit. */
  readonly upload: RequestLimiter;
}
