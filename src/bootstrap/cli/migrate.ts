// Applies the database migrations and exits: `npm run migrate`. The service also migrates
// at start-up; this is for running them ahead of a deploy. Safe to run alongside replicas
// on PostgreSQL; on the embedded database, only while no server holds it.
import { Container } from 'inversify';
import type { Storage } from '../../adapters/dependencies/dependencies.js';
import { eventsBundle } from '../bundles/events.js';
import { processBundle } from '../bundles/process.js';
import { DRIVER_TABLE, type Runtime } from '../container.js';
import { exitAtStartup } from '../exit-at-startup.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';
import { openProcessLog } from '../process-log.js';
import { STORAGE } from '../tokens.js';

const config = loadConfigOrExit();
const processLog = openProcessLog('profile-service-migrate', config);
const { log } = processLog;

/** The database's bundle alone, as the service would load it. */
async function openStorage(): Promise<Storage> {
  const container = new Container({ defaultScope: 'Singleton' });
  const runtime: Runtime = { role: 'worker', version: 'migrate', log, lifecycle: { phase: () => 'starting' } };
  container.load(processBundle(runtime), eventsBundle(config.events), await DRIVER_TABLE.DB_DRIVER[config.db.driver](config, runtime));
  return container.get(STORAGE);
}

const storage = await openStorage().catch((error: unknown) => exitAtStartup(processLog, error));

// Give up after a while instead of waiting forever, as a deploy step should.
const deadline = AbortSignal.timeout(60_000);
try {
  await storage.prepare(deadline);
  await storage.close();
} catch (error) {
  await storage.close().catch(() => undefined);
  if (deadline.aborted) {
    log.fatal({ err: error }, 'database not reachable within 60 s');
    await processLog.exit(1);
  }
  await exitAtStartup(processLog, error);
}
