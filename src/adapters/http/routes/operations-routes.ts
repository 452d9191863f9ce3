// Endpoints for operators and tools: health probes, Prometheus metrics, the OpenAPI document.
// They are not rate limited: a probe must never be refused for being frequent. With an admin
// port, the public port keeps the probes (and the API's document) and the admin port the rest.
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Registry } from 'prom-client';
import type { AppState } from '../context.js';
import type { HealthService } from '../health.js';
import { HttpProblem } from '../problem.js';

export interface OperationsOptions {
  readonly health: HealthService;
  readonly registry: Registry;
  readonly metricsToken?: string;
  /** Served at /openapi.json when given (the API server; a worker has no API to describe). */
  readonly openApiDocument?: object;
  /** Served at /asyncapi.json when given: the events the service publishes. */
  readonly asyncApiDocument?: object;
  readonly version: string;
  /**
   * Whether `/metrics` and the detailed `/health` are served here; false on the public port
   * when an admin port (ADMIN_PORT) serves them, so that neither reaches the clients' side.
   */
  readonly details: boolean;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function operationsRoutes(options: OperationsOptions): Router<AppState> {
  const router = new Router<AppState>();
  const startedAt = Date.now();

  router.get('/health/live', (ctx) => {
    ctx.body = { status: 'up' };
  });

  router.get('/health/ready', async (ctx) => {
    const report = await options.health.report();
    ctx.status = report.status === 'up' ? 200 : 503;
    if (ctx.status === 503) ctx.set('Retry-After', '5');
    ctx.body = report;
  });

  // The probes stay on every port: Kubernetes asks the one it routes to.
  if (!options.details) return withDocument(router, options);

  router.get('/health', async (ctx) => {
    const report = await options.health.report();
    ctx.status = report.status === 'up' ? 200 : 503;
    ctx.body = { ...report, version: options.version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  });

  router.get('/metrics', async (ctx) => {
    if (options.metricsToken !== undefined) {
      const presented = /^Bearer (.+)$/i.exec(ctx.get('Authorization'))?.[1] ?? '';
      if (!sameSecret(presented, options.metricsToken)) {
        throw new HttpProblem('authentication_required', 'Send the metrics token as a bearer token.', {
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
      }
    }
    ctx.type = options.registry.contentType;
    ctx.body = await options.registry.metrics();
  });

  return withDocument(router, options);
}

function withDocument(router: Router<AppState>, options: OperationsOptions): Router<AppState> {
  for (const [path, document] of [
    ['/openapi.json', options.openApiDocument],
    ['/asyncapi.json', options.asyncApiDocument],
  ] as const) {
    if (document === undefined) continue;
    router.get(path, (ctx) => {
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = document;
    });
  }
  return router;
}
