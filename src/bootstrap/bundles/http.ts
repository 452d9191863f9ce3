// The HTTP side of a process. The API server: the REST API, its probes and metrics (on an admin
// port of their own with ADMIN_PORT). A worker: only its probes and metrics, ready when it can
// work (the database up and the queue connected: an API server runs on with the queue away; a
// worker cannot).
import { ContainerModule } from 'inversify';
import { CreateProfile } from '../../application/create-profile.js';
import { DeleteProfile } from '../../application/delete-profile.js';
import { GetProfile } from '../../application/get-profile.js';
import { ListProfiles } from '../../application/list-profiles.js';
import { SearchProfiles } from '../../application/search-profiles.js';
import { RestoreProfile } from '../../application/restore-profile.js';
import { UpdateProfile } from '../../application/update-profile.js';
import { DeleteAvatar } from '../../application/avatars/delete-avatar.js';
import { GetAvatar } from '../../application/avatars/get-avatar.js';
import { UploadAvatar } from '../../application/avatars/upload-avatar.js';
import { ImportProfiles } from '../../application/imports/import-profiles.js';
import { GetTask } from '../../application/tasks/get-task.js';
import { RetryTask } from '../../application/tasks/retry-task.js';
import { createHttpApp, createOperationsApp } from '../../adapters/http/app.js';
import { JwtVerifier } from '../../adapters/http/auth/jwt.js';
import { HealthService } from '../../adapters/http/health.js';
import type { Config } from '../../adapters/settings/config.js';
import {
  ADMIN_APP,
  AUTH_SECRET,
  CACHING,
  CLOCK,
  DEPENDENCY_PROBES,
  HTTP_APP,
  LIFECYCLE,
  LOGGER,
  METRICS,
  STORAGE,
  TRACING,
} from '../tokens.js';

export interface HttpSettings {
  readonly version: string;
  readonly server: Config['server'];
  readonly auth: Config['auth'];
  readonly uploads: Config['uploads'];
  readonly idempotencyTtlMs: number;
  readonly metricsToken?: string;
  readonly events: Config['events'];
}

export function httpSettings(config: Config, version: string): HttpSettings {
  return {
    version,
    server: config.server,
    auth: config.auth,
    uploads: config.uploads,
    events: config.events,
    idempotencyTtlMs: config.profiles.idempotencyTtlMs,
    ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
  };
}

const metricsTokenOf = (settings: Pick<HttpSettings, 'metricsToken'>) =>
  settings.metricsToken !== undefined ? { metricsToken: settings.metricsToken } : {};

/** The API server's HTTP app. */
export function apiBundle(settings: HttpSettings) {
  const { server, auth, uploads } = settings;
  return new ContainerModule(({ bind }) => {
    bind(HTTP_APP).toDynamicValue((ctx) => {
      const lifecycle = ctx.get(LIFECYCLE);
      return createHttpApp({
        log: ctx.get(LOGGER),
        metrics: ctx.get(METRICS),
        tracing: ctx.get(TRACING),
        profiles: {
          create: ctx.get(CreateProfile),
          get: ctx.get(GetProfile),
          list: ctx.get(ListProfiles),
          search: ctx.get(SearchProfiles),
          update: ctx.get(UpdateProfile),
          remove: ctx.get(DeleteProfile),
          restore: ctx.get(RestoreProfile),
        },
        tasks: { get: ctx.get(GetTask), retry: ctx.get(RetryTask) },
        avatars: { upload: ctx.get(UploadAvatar), get: ctx.get(GetAvatar), remove: ctx.get(DeleteAvatar) },
        importProfiles: ctx.get(ImportProfiles),
        verifier: new JwtVerifier({
          secret: ctx.get(AUTH_SECRET).secret,
          clockToleranceSeconds: auth.clockToleranceMs / 1000,
          clock: ctx.get(CLOCK),
          ...(auth.issuer ? { issuer: auth.issuer } : {}),
          ...(auth.audience ? { audience: auth.audience } : {}),
        }),
        limiters: ctx.get(CACHING).limiters,
        idempotency: ctx.get(STORAGE).idempotency,
        health: new HealthService(ctx.getAll(DEPENDENCY_PROBES).flat(), () => lifecycle.phase()),
        phase: () => lifecycle.phase(),
        settings: {
          version: settings.version,
          bodyLimitBytes: server.bodyLimitBytes,
          idempotencyTtlMs: settings.idempotencyTtlMs,
          avatarMaxBytes: uploads.avatarMaxBytes,
          importMaxBytes: uploads.importMaxBytes,
          trustProxy: server.trustProxy,
          adminPort: server.adminPort !== undefined,
          events: settings.events,
          ...metricsTokenOf(settings),
        },
      });
    });
    // ADMIN_PORT: /metrics and the detailed /health on a port of their own, off the clients' side.
    if (server.adminPort !== undefined) {
      bind(ADMIN_APP).toDynamicValue((ctx) => {
        const lifecycle = ctx.get(LIFECYCLE);
        return createOperationsApp({
          log: ctx.get(LOGGER),
          metrics: ctx.get(METRICS),
          version: settings.version,
          health: new HealthService(ctx.getAll(DEPENDENCY_PROBES).flat(), () => lifecycle.phase()),
          ...metricsTokenOf(settings),
        });
      });
    }
  });
}

/** A worker's HTTP app: probes and metrics. */
export function workerHttpBundle(settings: Pick<HttpSettings, 'version' | 'metricsToken'>) {
  return new ContainerModule(({ bind }) => {
    bind(HTTP_APP).toDynamicValue((ctx) => {
      const lifecycle = ctx.get(LIFECYCLE);
      const probes = ctx
        .getAll(DEPENDENCY_PROBES)
        .flat()
        .map((p) => (p.name === 'queue' ? { ...p, critical: true } : p));
      return createOperationsApp({
        log: ctx.get(LOGGER),
        metrics: ctx.get(METRICS),
        version: settings.version,
        health: new HealthService(probes, () => lifecycle.phase()),
        ...metricsTokenOf(settings),
      });
    });
  });
}
