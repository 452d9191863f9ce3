// The service's life: listen at once (live 200, ready 503 while starting), reach and migrate
// the database in the background, turn ready; on stop turn unready, let in-flight requests finish within the grace period, then close.
import type { LogOutput } from '../adapters/observability/log-output.js';
import { readFileSync } from 'node:fs';
import type { Clock } from '../domain/ports/clock.js';
import type { Phase } from '../adapters/http/health.js';
import { serve } from '../adapters/http/http-server.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Tracing, TracingSettings } from '../adapters/observability/tracing.js';
import type { ProcessRole } from './container.js';
import type { PgliteDriver } from '../adapters/postgres/pglite-driver.js';
import { resolveAuthSecret } from '../adapters/http/auth/auth-secret.js';
import type { Workers } from '../adapters/worker/workers.js';
import type { Config } from '../adapters/settings/config.js';
import { prepareDataDir } from '../adapters/settings/data-dir.js';
import { ADMIN_APP, CACHING, HTTP_APP, QUEUEING, STORAGE, TASK_WORK } from './tokens.js';

export interface RunningService {
  readonly port: number;
  readonly url: string;
  /** Where /metrics and /health are served when ADMIN_PORT sets a port of their own. */
  readonly adminUrl?: string;
  phase(): Phase;
  /**
   * Resolves once the service is ready (database reachable and migrated); rejects with the
   * reason when it cannot become ready (a failure retrying cannot heal, or a stop meanwhile).
   */
  ready(): Promise<void>;
  /**
   * Graceful stop; resolves once every connection is closed and every adapter released. With
   * `routed: false` (a person pressed Ctrl-C: no load balancer routes here) the SHUTDOWN_DELAY
   * for endpoints to stop routing is skipped; in-flight requests are still drained.
   */
  stop(options?: { readonly routed?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** The API server (the default), or a worker: tasks, probes and metrics, no API. */
  readonly role?: ProcessRole;
  readonly log: Logger;
  readonly clock?: Clock;
  /** The embedded database, when the entry point opened it first (adapters/postgres/embedded-database.ts). */
  readonly embedded?: PgliteDriver;
  /** Where the entry point's log lines go, for the count of those dropped (process-log.ts). */
  readonly logOutput?: Pick<LogOutput, 'droppedLines'>;
}

export const SERVICE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Starts listening at once; throws StartupError (before listening) for a local problem such as an unusable DATA_DIR. */
export async function startService(
  config: Config,
  { role = 'server', log, clock, embedded, logOutput }: StartOptions,
): Promise<RunningService> {
  let phase: Phase = 'starting';
  const serving = role === 'server';
  // The generated token secret lives in DATA_DIR. The embedded database prepares it when it
  // opens (adapters/postgres/embedded-database.ts): when the entry point opened it first, that was done already.
  if (serving && config.auth.secret === undefined && embedded === undefined) prepareDataDir(config.dataDir);
  const authSecret = serving ? await resolveAuthSecret(config) : undefined;
  // Loaded now, while the embedded database opens on its thread.
  const { buildContainer } = await import('./container.js');
  const tracing = config.tracing ? await startTracing(config.tracing, role, log) : undefined;
  const container = await buildContainer(config, {
    role,
    log,
    version: SERVICE_VERSION,
    lifecycle: { phase: () => phase },
    ...(tracing ? { tracing } : {}),
    ...(clock ? { clock } : {}),
    ...(embedded ? { embedded } : {}),
    ...(authSecret ? { authSecret } : {}),
    ...(logOutput ? { logOutput } : {}),
  });
  // The dependencies are opened before listening: what the operator must fix (the embedded
  // database held by another process) ends start-up here, with its reason.
  const storage = container.get(STORAGE);
  const caching = container.get(CACHING);
  const queueing = container.get(QUEUEING);
  const app = container.get(HTTP_APP);

  const server = await serve(app.callback(), {
    port: serving ? config.server.port : config.tasks.workerHttpPort,
    host: config.server.host,
    log,
  });
  const { port } = server;
  log.info(
    { step: 'listen', role, port, drivers: { db: config.db.driver, cache: config.cache.driver, queue: config.queue.driver } },
    `listening on port ${port}`,
  );
  // ADMIN_PORT: /metrics and the detailed /health on a port of their own.
  const admin =
    serving && config.server.adminPort !== undefined
      ? await serve(container.get(ADMIN_APP).callback(), { port: config.server.adminPort, host: config.server.host, log })
      : undefined;
  const adminPort = admin?.port;
  if (admin) log.info({ step: 'listen-admin', port: adminPort }, `metrics and health on admin port ${adminPort}`);
  if (authSecret && authSecret.source !== 'environment') {
    log.info(
      { step: 'auth', secretFile: authSecret.path },
      'AUTH_JWT_SECRET is not set: tokens are signed with the generated secret in DATA_DIR. Mint one with: npm run --silent token -- --sub alice --role user',
    );
  }

  queueing.start();
  let workers: Workers | undefined;
  const stopPreparing = new AbortController();
  let failure: Error | undefined;
  const prepared = storage.prepare(stopPreparing.signal, { migrate: config.db.migrateOnStart }).then(
    async () => {
      if (phase !== 'starting') return;
      // Tasks need the migrated database: the relay and the consumer start once it is there.
      workers = await container.get(TASK_WORK).start(!serving || config.tasks.workerEnabled);
      phase = 'ready';
      log.info({ step: 'ready' }, 'ready');
    },
    (error: unknown) => {
      if (stopPreparing.signal.aborted) return;
      // Told once, by whoever awaits ready(): the entry points log it and exit (exit-at-startup.ts).
      failure = error instanceof Error ? error : new Error(String(error));
    },
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ...(adminPort !== undefined ? { adminUrl: `http://127.0.0.1:${adminPort}` } : {}),
    phase: () => phase,
    ready: () =>
      prepared.then(() => {
        if (failure !== undefined) throw failure;
        if (phase !== 'ready') throw new Error(`the service did not become ready (phase: ${phase})`);
      }),
    stop: ({ routed = true } = {}) =>
      (stopping ??= (async () => {
        // Not ready from now on, but still serving: endpoints take a moment to stop routing here.
        // A service that never was ready, or a worker, had no traffic routed to it: nothing to wait for.
        const delayMs = routed && serving && phase === 'ready' ? config.server.shutdownDelayMs : 0;
        phase = 'stopping';
        log.info(
          { step: 'stop', delayMs, graceMs: config.server.shutdownGraceMs },
          'stopping: not ready, still serving while endpoints stop routing here',
        );
        stopPreparing.abort();
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await prepared;
        log.info({ step: 'stop' }, 'no longer accepting connections: draining in-flight requests');
        await server.close(config.server.shutdownGraceMs);
        await admin?.close(config.server.shutdownGraceMs);
        // The worker finishes the tasks in hand (or the broker gets them back when it closes).
        await workers?.stop();
        await queueing.close();
        await storage.close();
        await caching.close();
        await container.unbindAllAsync();
        await tracing?.shutdown();
        log.info({ step: 'stopped' }, 'stopped');
      })()),
  };
}

/** Tracing on (the OTEL_* variables): its code is loaded only then. */
async function startTracing(settings: TracingSettings, role: ProcessRole, log: Logger): Promise<Tracing> {
  const { Tracing } = await import('../adapters/observability/tracing.js');
  const tracing = Tracing.start({
    ...settings,
    resource: {
      'service.version': SERVICE_VERSION,
      'profile_service.component': role === 'server' ? 'api' : 'worker',
      ...settings.resource,
    },
  });
  log.info(
    { step: 'tracing', endpoint: settings.url, protocol: settings.protocol, sampler: settings.sampler },
    'tracing: spans are exported over OTLP',
  );
  return tracing;
}
