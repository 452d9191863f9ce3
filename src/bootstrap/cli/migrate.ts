// Applies the database migrations and exits: `npm run migrate`. The service also migrates
// at start-up; this is for running them ahead of a deploy. Safe to run alongside replicas.
import { createLogger } from '../../adapters/observability/logger.js';
import { createMetrics } from '../../adapters/observability/metrics.js';
import { guardMetrics } from '../../adapters/resilience/guard-metrics.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';
import { createStorage } from '../storage.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service-migrate', level: config.logLevel });
const metrics = createMetrics({ defaultMetrics: false });
const storage = createStorage(config, { log, clock: new SystemClock(), metrics, guardObserver: guardMetrics(metrics.registry) });

// Give up after a while instead of waiting forever, as a deploy step should.
const deadline = AbortSignal.timeout(60_000);
try {
  await storage.prepare(deadline);
  await storage.close();
} catch (error) {
  log.fatal({ err: error }, deadline.aborted ? 'database not reachable within 60 s' : 'migration failed');
  await storage.close().catch(() => undefined);
  process.exit(1);
}
