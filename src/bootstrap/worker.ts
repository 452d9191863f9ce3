// Entry point of a worker process: `npm run worker`. It relays the outbox and runs tasks,
// like the server's built-in worker, and serves no API; start as many as the queue needs.
// SIGTERM or SIGINT: stop taking messages, finish (or hand back) the tasks in hand, exit 0.
import type { Container } from 'inversify';
import { createLogger } from '../adapters/observability/logger.js';
import { resolveAuthSecret } from './auth-secret.js';
import { buildContainer } from './container.js';
import { prepareDataDir, usesDataDir } from './data-dir.js';
import { openEmbeddedDatabase } from './embedded-database.js';
import { exitAtStartup } from './exit-at-startup.js';
import { openInfrastructure, type Infrastructure } from './infrastructure.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { SERVICE_VERSION } from './service.js';
import { startProcessWorkers } from './workers.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service-worker', level: config.logLevel });
process.on('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

let phase: 'starting' | 'ready' | 'stopping' = 'starting';
let container: Container;
let infrastructure: Infrastructure;
try {
  const embedded = openEmbeddedDatabase(config, log);
  if (usesDataDir(config)) prepareDataDir(config.dataDir);
  infrastructure = await openInfrastructure(config, log, embedded ? { embedded } : {});
  container = buildContainer(config, {
    log, authSecret: await resolveAuthSecret(config), version: SERVICE_VERSION, lifecycle: { phase: () => phase }, infrastructure,
  });
} catch (error) {
  exitAtStartup(log, error);
}
const { storage, queueing } = infrastructure;
queueing.start();
const stopPreparing = new AbortController();
const stopped = new Promise<void>((resolve) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutdown requested');
      phase = 'stopping';
      stopPreparing.abort();
      resolve();
    });
  }
});

try {
  await storage.prepare(stopPreparing.signal);
} catch (error) {
  // Without a migrated database there is nothing a worker can do.
  if (!stopPreparing.signal.aborted) exitAtStartup(log, error);
}
const workers = phase === 'starting' ? await startProcessWorkers(container, config, log, true) : undefined;
if (workers) {
  phase = 'ready';
  log.info({ step: 'ready' }, 'worker ready');
}

await stopped;
await workers?.stop();
await queueing.close();
await storage.close();
await infrastructure.caching.close();
log.info({ step: 'stopped' }, 'stopped');
process.exit(0);
