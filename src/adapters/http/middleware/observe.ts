// The outermost middleware: gives each request an id, a child logger, one log line and
// its RED metrics once the response is final; with tracing on, a server span around it all.
import { randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Middleware } from 'koa';
import type { Logger } from '../../observability/logger.js';
import type { HttpMetrics } from '../../observability/metrics.js';
import { activeTraceFields, contextFromHeaders, SpanKind } from '../../observability/trace-context.js';
import type { Tracing } from '../../observability/tracing.js';
import type { AppState } from '../context.js';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The platform's probes and scrapes: several a second, every one alike, and no user's; not traced. */
const PROBES = /^\/(health(\/|$)|metrics$)/;

/** What @koa/router leaves on the context: the layers whose path matched, routes and middleware alike. */
interface RoutedContext {
  readonly method: string;
  readonly matched?: readonly { readonly path: unknown; readonly methods: readonly string[] }[];
}

/**
 * The route template that answered (`/v1/profiles/:id`), or `unmatched`. Taken from the matched
 * route layers only: a middleware layer's path (what the router's `_matchedRoute` holds when a
 * guard refuses a request) is a regular expression, and a raw path would carry ids. Either
 * would make label values unbounded.
 */
export function routeLabel(ctx: RoutedContext): string {
  const routes = (ctx.matched ?? []).filter((layer) => layer.methods.length > 0 && typeof layer.path === 'string');
  const route = routes.findLast((layer) => layer.methods.includes(ctx.method)) ?? routes.at(-1);
  return route ? (route.path as string) : 'unmatched';
}

/** The metric series of one (method, route, status), looked up once: label sets are few and fixed. */
function seriesOf(metrics: HttpMetrics) {
  const known = new Map<string, { readonly requests: { inc(): void }; readonly duration: { observe(value: number): void } }>();
  return (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let series = known.get(key);
    if (series === undefined) {
      const labels = { method, route, status };
      known.set(key, (series = { requests: metrics.requests.labels(labels), duration: metrics.duration.labels(labels) }));
    }
    return series;
  };
}

export function observe(log: Logger, metrics: HttpMetrics, tracing?: Tracing): Middleware<AppState> {
  const series = seriesOf(metrics);
  const measured: Middleware<AppState> = async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const requestId = VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const traced = activeTraceFields();
    ctx.state.requestId = requestId;
    // The request's own logger is made only when something logs besides the request line: most
    // requests log nothing else, and the line below is written by the service's logger at once.
    let requestLog: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (requestLog ??= log.child({ requestId, ...traced }, true)),
      enumerable: true,
      configurable: true,
    });
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = ctx.method;
      const route = routeLabel(ctx);
      const status = String(ctx.status);
      const { requests, duration } = series(method, route, status);
      requests.inc();
      duration.observe(seconds);
      const durationMs = Math.round(seconds * 1e6) / 1e3;
      // The same fields as a line of the request's logger, in one object.
      log.info({ requestId, ...traced, method, route, status, durationMs }, 'request');
    }
  };
  if (tracing === undefined) return measured;
  // A server span per request, child of the caller's traceparent when it sends one; every log
  // line of the request carries its trace_id and span_id.
  return async (ctx, next) => {
    if (PROBES.test(ctx.path)) {
      await measured(ctx, next);
      return;
    }
    await tracing.inSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        parent: contextFromHeaders(ctx.headers),
        attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path, 'url.scheme': ctx.protocol },
      },
      async (span) => {
        try {
          await measured(ctx, next);
        } finally {
          const route = routeLabel(ctx);
          if (route !== 'unmatched') {
            span.updateName(`${ctx.method} ${route}`);
            span.setAttribute('http.route', route);
          }
          span.setAttribute('http.response.status_code', ctx.status);
          // Server spans count 5xx as errors; a 4xx is the client's.
          if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
      },
    );
  };
}
