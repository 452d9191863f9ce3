// The service's life: listen at once (live 200, ready 503 while starting), reach and migrate
// the database in the background, turn ready; on stop turn unready, let in-flight requests finish within the grace period, then close.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type Koa from 'koa';
import type { Clock } from '../domain/ports/clock.js';
import type { Phase } from '../adapters/http/health.js';
import type { AppState } from '../adapters/http/context.js';
import type { Logger } from '../adapters/observability/logger.js';
import { resolveAuthSecret } from './auth-secret.js';
import type { Config } from './config.js';
import { buildContainer } from './container.js';
import type { Caching } from './cache.js';
import type { Queueing } from './queue.js';
import type { Storage } from './storage.js';
import { CACHING, HTTP_APP, QUEUEING, STORAGE } from './tokens.js';
import { startProcessWorkers, type Workers } from './workers.js';

export interface RunningService {
  readonly port: number;
  readonly url: string;
  phase(): Phase;
  /** Resolves once the service is ready (database reachable and migrated). */
  ready(): Promise<void>;
  /** Graceful stop; resolves once every connection is closed and every adapter released. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly log: Logger;
  readonly clock?: Clock;
}

export const SERVICE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function startService(config: Config, { log, clock }: StartOptions): Promise<RunningService> {
  let phase: Phase = 'starting';
  const authSecret = await resolveAuthSecret(config);
  const container = buildContainer(config, {
    log, authSecret, version: SERVICE_VERSION, lifecycle: { phase: () => phase },
    ...(clock ? { overrides: { clock } } : {}),
  });
  const app = container.get<Koa<AppState>>(HTTP_APP);

  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  server.requestTimeout = 30_000;
  await listen(server, config.server.port, config.server.host);
  const port = (server.address() as AddressInfo).port;
  log.info({ step: 'listen', port, drivers: { db: config.db.driver, cache: config.cache.driver, queue: config.queue.driver } },
    `listening on port ${port}`);
  if (authSecret.source !== 'environment') {
    log.info({ step: 'auth', secretFile: authSecret.path },
      'AUTH_JWT_SECRET is not set: tokens are signed with the generated secret in DATA_DIR. Mint one with: npm run --silent token -- --sub alice --role user');
  }

  const storage = container.get<Storage>(STORAGE);
  const queueing = container.get<Queueing>(QUEUEING);
  queueing.start();
  let workers: Workers | undefined;
  const stopPreparing = new AbortController();
  const prepared = storage.prepare(stopPreparing.signal).then(
    async () => {
      if (phase !== 'starting') return;
      // Tasks need the migrated database: the relay and the consumer start once it is there.
      workers = await startProcessWorkers(container, config, log, config.tasks.workerEnabled);
      phase = 'ready';
      log.info({ step: 'ready' }, 'ready');
    },
    (error: unknown) => {
      if (!stopPreparing.signal.aborted) log.error({ err: error, step: 'database' }, 'database preparation failed');
    },
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    phase: () => phase,
    ready: () => prepared.then(() => {
      if (phase !== 'ready') throw new Error(`the service did not become ready (phase: ${phase})`);
    }),
    stop: () => (stopping ??= (async () => {
      phase = 'stopping';
      log.info({ step: 'stop', graceMs: config.server.shutdownGraceMs }, 'stopping: draining in-flight requests');
      stopPreparing.abort();
      await prepared;
      await closeServer(server, config.server.shutdownGraceMs, log);
      // The worker finishes the tasks in hand (or the broker gets them back when it closes).
      await workers?.stop();
      await queueing.close();
      await storage.close();
      await container.get<Caching>(CACHING).close();
      await container.unbindAllAsync();
      log.info({ step: 'stopped' }, 'stopped');
    })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting connections, closes idle keep-alive ones, and cuts the rest after the grace period. */
async function closeServer(server: Server, graceMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  if ((await Promise.race([closed, deadline])) === 'timeout') {
    log.warn({ step: 'stop' }, 'grace period over: closing the remaining connections');
    server.closeAllConnections();
    await closed;
  }
  clearInterval(idleSweep);
  clearTimeout(timer);
}
