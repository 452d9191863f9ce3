// Assembles the Koa application from its parts. Order matters: observe (request id, log,
// metrics) sees the final status; problems turns every error below it into problem+json.
import Router from '@koa/router';
import Koa from 'koa';
import type { IdempotencyStore } from '../dependencies/idempotency-store.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
import type { JwtVerifier } from './auth/jwt.js';
import type { AppState } from './context.js';
import type { HealthService, Phase } from './health.js';
import { whileStarting } from './middleware/while-starting.js';
import { identify, requireAuthentication } from './middleware/authenticate.js';
import { idempotent } from './middleware/idempotency.js';
import { observe } from './middleware/observe.js';
import { problems } from './middleware/problems.js';
import { limitRequests } from './middleware/rate-limit.js';
import type { RequestLimiters } from '../dependencies/request-limiter.js';
import { securityHeaders } from './middleware/security-headers.js';
import { buildOpenApiDocument } from './openapi.js';
import { buildAsyncApiDocument, type AsyncApiSettings } from './asyncapi.js';
import { docsRoutes } from './routes/docs-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { profileRoutes, type ProfileUseCases } from './routes/profile-routes.js';
import { taskRoutes, type TaskUseCases } from './routes/task-routes.js';
import { avatarRoutes, type AvatarUseCases } from './routes/avatar-routes.js';
import { importRoutes } from './routes/import-routes.js';
import type { ImportProfiles } from '../../application/imports/import-profiles.js';

export interface HttpAppDependencies {
  readonly log: Logger;
  readonly metrics: Metrics;
  /** With tracing on: a span per request. */
  readonly tracing?: Tracing | undefined;
  readonly profiles: ProfileUseCases;
  readonly tasks: TaskUseCases;
  readonly avatars: AvatarUseCases;
  readonly importProfiles: ImportProfiles;
  readonly verifier: JwtVerifier;
  readonly limiters: RequestLimiters;
  readonly idempotency: IdempotencyStore;
  readonly health: HealthService;
  readonly phase: () => Phase;
  readonly settings: {
    readonly version: string;
    readonly bodyLimitBytes: number;
    readonly idempotencyTtlMs: number;
    readonly avatarMaxBytes: number;
    readonly importMaxBytes: number;
    readonly trustProxy: boolean;
    readonly metricsToken?: string;
    /** Whether an admin port serves /metrics and /health: then this app does not. */
    readonly adminPort: boolean;
    /** What /asyncapi.json says of the events (EVENTS_*). */
    readonly events: AsyncApiSettings;
  };
}

export function createHttpApp(deps: HttpAppDependencies): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: deps.settings.trustProxy });
  // Errors are handled (and logged once) by the problems middleware; this catches the rest.
  app.silent = true;
  app.on('error', (error: unknown) => deps.log.error({ err: error }, 'unhandled Koa error'));

  const operations = operationsRoutes({
    health: deps.health,
    registry: deps.metrics.registry,
    openApiDocument: buildOpenApiDocument(deps.settings.version, deps.settings),
    asyncApiDocument: buildAsyncApiDocument(deps.settings.version, deps.settings.events),
    version: deps.settings.version,
    details: !deps.settings.adminPort,
    ...(deps.settings.metricsToken !== undefined ? { metricsToken: deps.settings.metricsToken } : {}),
  });
  // Identify before limiting, so limits are per principal; require after, so bad tokens are limited per IP.
  const limited = (kind?: 'upload') => [
    whileStarting(deps.phase),
    identify(deps.verifier),
    limitRequests(deps.limiters, deps.metrics.http, kind),
  ];
  const guard = [...limited(), requireAuthentication()];
  const uploadGuard = [...limited('upload'), requireAuthentication()];
  const profiles = profileRoutes(deps.profiles, {
    bodyLimitBytes: deps.settings.bodyLimitBytes,
    guard,
    beforeCreate: idempotent(deps.idempotency, deps.settings.idempotencyTtlMs),
  });
  const tasks = taskRoutes(deps.tasks, guard);
  const avatars = avatarRoutes(deps.avatars, { maxBytes: deps.settings.avatarMaxBytes, publicGuard: limited(), guard, uploadGuard });
  const imports = importRoutes(deps.importProfiles, { maxBytes: deps.settings.importMaxBytes, guard: uploadGuard });

  app.use(observe(deps.log, deps.metrics.http, deps.tracing));
  app.use(problems());
  app.use(securityHeaders());
  // One router for everything: one match per request, and one answer for a method a path does not take (405).
  const routes = new Router<AppState>();
  for (const router of mostSpecificFirst([operations, docsRoutes(deps.settings.version), profiles, avatars, imports, tasks]))
    routes.use(router.routes());
  app.use(routes.routes());
  app.use(routes.allowedMethods());
  return app;
}

/**
 * Routers ordered so that a literal path is never taken for a parameter, whatever order they
 * are listed in: /v1/profiles/import must reach the import router before the profile router
 * reads "import" as an :id (and answers 405). More path segments first; among equals, a
 * literal segment before a parameter.
 */
export function mostSpecificFirst<T extends { opts: { prefix?: string } }>(routers: readonly T[]): T[] {
  const segments = (router: T) => (router.opts.prefix ?? '').split('/').filter((s) => s !== '');
  const rank = (segment: string) => (segment.startsWith(':') ? 1 : 0);
  return [...routers].sort((a, b) => {
    const [sa, sb] = [segments(a), segments(b)];
    if (sa.length !== sb.length) return sb.length - sa.length;
    for (let i = 0; i < sa.length; i++) {
      const byKind = rank(sa[i]!) - rank(sb[i]!);
      if (byKind !== 0) return byKind;
    }
    return 0;
  });
}

export interface OperationsAppDependencies {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly health: HealthService;
  readonly version: string;
  readonly metricsToken?: string;
}

/** Health probes and metrics for the platform, and no API: a worker's HTTP side, and the API server's admin port. */
export function createOperationsApp(deps: OperationsAppDependencies): Koa<AppState> {
  const app = new Koa<AppState>();
  app.silent = true;
  app.on('error', (error: unknown) => deps.log.error({ err: error }, 'unhandled Koa error'));
  const operations = operationsRoutes({
    health: deps.health,
    registry: deps.metrics.registry,
    version: deps.version,
    details: true,
    ...(deps.metricsToken !== undefined ? { metricsToken: deps.metricsToken } : {}),
  });
  app.use(observe(deps.log, deps.metrics.http));
  app.use(problems());
  app.use(securityHeaders());
  app.use(operations.routes());
  app.use(operations.allowedMethods());
  return app;
}
