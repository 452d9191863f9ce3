// Per-principal request limits (per client IP when unauthenticated), tighter for writes.
// Answers carry RateLimit-* headers (IETF draft), a refusal 429 with Retry-After.
import type { Middleware } from 'koa';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpMetrics } from '../../observability/metrics.js';
import type { AppState } from '../context.js';
import { HttpProblem } from '../problem.js';
import type { RequestLimiters } from '../../dependencies/request-limiter.js';

export type LimitKind = keyof RequestLimiters;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Limits by method (reads, writes), or always by `fixedKind` (uploads). */
export function limitRequests(limiters: RequestLimiters, metrics: HttpMetrics, fixedKind?: LimitKind): Middleware<AppState> {
  return async (ctx, next) => {
    const kind: LimitKind = fixedKind ?? (WRITES.has(ctx.method) ? 'write' : 'read');
    const limiter = limiters[kind];
    const key = ctx.state.principal ? `sub:${ctx.state.principal.subject}` : `ip:${ctx.ip}`;
    const headers = (res: RateLimiterRes) => ({
      'RateLimit-Limit': String(limiter.points),
      'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
      'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
      'RateLimit-Policy': `${limiter.points};w=${limiter.duration}`,
    });
    let allowed: RateLimiterRes;
    try {
      allowed = await limiter.consume(key);
    } catch (refusal) {
      // A store failure without insurance is not the client's fault: let the request through.
      if (!(refusal instanceof RateLimiterRes)) {
        ctx.state.log.warn({ err: refusal }, 'rate limiter unavailable; request not limited');
        await next();
        return;
      }
      metrics.rateLimited.inc({ limit: kind });
      throw new HttpProblem('rate_limited', `Too many ${kind} requests. Try again later.`, {
        headers: { ...headers(refusal), 'Retry-After': String(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))) },
      });
    }
    ctx.set(headers(allowed));
    await next();
  };
}
