// Applies the database migrations and exits: `npm run migrate`. The service also migrates
// at start-up; this is for running them ahead of a deploy. Safe to run alongside replicas
// on PostgreSQL; on the embedded database, only while no server holds it.
import { createLogger } from '../../adapters/observability/logger.js';
import { createMetrics } from '../../adapters/observability/metrics.js';
import { guardMetrics } from '../../adapters/resilience/guard-metrics.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { prepareDataDir } from '../data-dir.js';
import { exitAtStartup } from '../exit-at-startup.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';
import { createStorage, type Storage } from '../storage.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service-migrate', level: config.logLevel });
const metrics = createMetrics({ defaultMetrics: false });
let storage: Storage;
try {
  if (config.db.driver === 'pglite') prepareDataDir(config.dataDir);
  storage = await createStorage(config, { log, clock: new SystemClock(), metrics, guardObserver: guardMetrics(metrics.registry) });
} catch (error) {
  exitAtStartup(log, error);
}

// Give up after a while instead of waiting forever, as a deploy step should.
const deadline = AbortSignal.timeout(60_000);
try {
  await storage.prepare(deadline);
  await storage.close();
} catch (error) {
  await storage.close().catch(() => undefined);
  if (deadline.aborted) {
    log.fatal({ err: error }, 'database not reachable within 60 s');
    process.exit(1);
  }
  exitAtStartup(log, error);
}
