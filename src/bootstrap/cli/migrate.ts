// Applies the database migrations and exits: `npm run migrate`. The service also migrates
// at start-up; this is for running them ahead of a deploy. Safe to run alongside replicas
// on PostgreSQL; on the embedded database, only while no server holds it.
import { Container } from 'inversify';
import { createLogger } from '../../adapters/observability/logger.js';
import type { Storage } from '../../adapters/dependencies/dependencies.js';
import { eventsBundle } from '../bundles/events.js';
import { processBundle } from '../bundles/process.js';
import { DRIVER_TABLE, type Runtime } from '../container.js';
import { exitAtStartup } from '../exit-at-startup.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';
import { STORAGE } from '../tokens.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service-migrate', level: config.logLevel });
let storage: Storage;
try {
  // The database's bundle alone, as the service would load it.
  const container = new Container({ defaultScope: 'Singleton' });
  const runtime: Runtime = { role: 'worker', version: 'migrate', log, lifecycle: { phase: () => 'starting' } };
  container.load(processBundle(runtime), eventsBundle(config.events), await DRIVER_TABLE.DB_DRIVER[config.db.driver](config, runtime));
  storage = container.get(STORAGE);
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
