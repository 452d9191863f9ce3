// Entry point of a worker process: `npm run worker`. It relays the outbox and runs tasks,
// like the server's built-in worker, and serves no API; start as many as the queue needs.
// SIGTERM or SIGINT: stop taking messages, finish (or hand back) the tasks in hand, exit 0.
import { createLogger } from '../adapters/observability/logger.js';
import { resolveAuthSecret } from './auth-secret.js';
import { buildContainer } from './container.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import type { Queueing } from './queue.js';
import { SERVICE_VERSION } from './service.js';
import type { Storage } from './storage.js';
import { QUEUEING, STORAGE } from './tokens.js';
import { startProcessWorkers } from './workers.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service-worker', level: config.logLevel });
process.on('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

let phase: 'starting' | 'ready' | 'stopping' = 'starting';
const container = buildContainer(config, {
  log, authSecret: await resolveAuthSecret(config), version: SERVICE_VERSION, lifecycle: { phase: () => phase },
});
const storage = container.get<Storage>(STORAGE);
const queueing = container.get<Queueing>(QUEUEING);
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
  if (!stopPreparing.signal.aborted) {
    // Without a migrated database there is nothing a worker can do.
    log.fatal({ err: error, step: 'database' }, 'database preparation failed');
    await queueing.close();
    process.exit(1);
  }
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
log.info({ step: 'stopped' }, 'stopped');
process.exit(0);
