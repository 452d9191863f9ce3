// A request limit kept in Redis, so every instance counts against one budget, with an
// in-process stand-in whenever Redis is unwell. Calls pass the cache's guard: while its
// breaker is open the stand-in answers at once, without a round trip to a Redis that hangs.
import { RateLimiterRes, type RateLimiterMemory, type RateLimiterRedis } from 'rate-limiter-flexible';
import { asError, type Guard } from '../resilience/guard.js';

type Outcome = { readonly allowed: boolean; readonly res: RateLimiterRes };

/** The shared budget of a LeasedRequestLimiter (bootstrap wires them together for the HTTP edge). */
export class RedisRequestLimiter {
  constructor(
    private readonly shared: RateLimiterRedis,
    private readonly standIn: RateLimiterMemory,
    private readonly guard: Guard,
  ) {}

  get points(): number {
    return this.shared.points;
  }

  get duration(): number {
    return this.shared.duration;
  }

  async consume(key: string, points = 1): Promise<RateLimiterRes> {
    let outcome: Outcome;
    try {
      // A refusal is an answer, not a failure of Redis: it travels as a value through the guard.
      outcome = await this.guard.run(
        () =>
          this.shared.consume(key, points).then(
            (res): Outcome => ({ allowed: true, res }),
            (refusal: unknown) => (refusal instanceof RateLimiterRes ? { allowed: false, res: refusal } : Promise.reject(asError(refusal))),
          ),
        { idempotent: false },
      );
    } catch {
      return this.standIn.consume(key, points);
    }
    // rate-limiter-flexible's contract, which the middleware reads: a spent budget rejects with its RateLimiterRes.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (!outcome.allowed) throw outcome.res;
    return outcome.res;
  }
}
