// The outermost middleware: gives each request an id, a child logger, one log line and
// its RED metrics once the response is final.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../observability/logger.js';
import type { HttpMetrics } from '../../observability/metrics.js';
import type { AppState } from '../context.js';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function observe(log: Logger, metrics: HttpMetrics): Middleware<AppState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const requestId = VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    // `simple`: only a field is added, which takes bunyan's fast path for per-request children.
    ctx.state.log = log.child({ requestId }, true);
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route template (`/v1/profiles/:id`), never the raw path: label values stay bounded.
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const labels = { method: ctx.method, route: String(route), status: String(ctx.status) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      ctx.state.log.info({ ...labels, durationMs: Math.round(seconds * 1e6) / 1e3 }, 'request');
    }
  };
}
