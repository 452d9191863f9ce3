// A process's life, the same for `npm start` and `npm run worker`: read the configuration
// (exit 2 naming every bad variable), open the embedded database first when it is the one
// chosen, start the service, end at once on what start-up cannot heal, and stop gracefully
// on SIGTERM (Kubernetes: after SHUTDOWN_DELAY, for endpoints to stop routing here) or SIGINT
// (Ctrl-C: no delay, in-flight requests drained). A second signal exits at once; the same
// Ctrl-C delivered twice (by the terminal and by a watcher such as tsx) counts once. Every exit
// but the second signal's writes the log's last lines first (process-log.ts).
import type { PgliteDriver } from '../adapters/postgres/pglite-driver.js';
import type { ProcessRole } from './container.js';
import { openEmbeddedDatabase } from '../adapters/postgres/embedded-database.js';
import { exitAtStartup } from './exit-at-startup.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { openProcessLog } from './process-log.js';
import type { RunningService } from './service.js';

/** Signals this close after the first are the same Ctrl-C, delivered by the terminal and forwarded by a watcher. */
const SAME_KEYPRESS_MS = 300;

export async function runProcess(role: ProcessRole): Promise<void> {
  const config = loadConfigOrExit();
  const processLog = openProcessLog(role === 'server' ? 'profile-service' : 'profile-service-worker', config);
  const { log, exit } = processLog;
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled promise rejection');
    void exit(1);
  });

  let service: RunningService;
  let embedded: PgliteDriver | undefined;
  try {
    // The embedded database opens on its own thread while the rest of the service loads.
    embedded = config.db.driver === 'pglite' ? openEmbeddedDatabase(config.dataDir, log) : undefined;
    const { startService } = await import('./service.js');
    service = await startService(config, { role, log, logOutput: processLog.output, ...(embedded ? { embedded } : {}) });
  } catch (error) {
    return exitAtStartup(processLog, error);
  }
  // Waiting for the database is retried for as long as it takes; anything else ends the process.
  service.ready().catch((error: unknown) => {
    if (service.phase() !== 'stopping') void exitAtStartup(processLog, error);
  });

  let firstSignalAt: number | undefined;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (firstSignalAt !== undefined) {
        if (performance.now() - firstSignalAt < SAME_KEYPRESS_MS) return;
        log.warn({ signal }, 'second signal: exiting at once');
        process.exit(1);
      }
      firstSignalAt = performance.now();
      log.info({ signal }, 'shutdown requested');
      // A process started meanwhile on the same DATA_DIR says to wait, not to change drivers.
      embedded?.stopping();
      service.stop({ routed: signal === 'SIGTERM' }).then(
        () => exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          return exit(1);
        },
      );
    });
  }
}
