// The embedded database (DB_DRIVER=pglite) takes about a second to open on its own thread.
// Entry points start it before they load the rest of the service, so the two overlap.
import { join } from 'node:path';
import type { Logger } from '../observability/logger.js';
import { DirectoryLockedError } from './directory-lock.js';
import { PgliteDriver } from './pglite-driver.js';
import { prepareDataDir } from '../settings/data-dir.js';
import { StartupError } from '../settings/startup-error.js';

/**
 * Locks DATA_DIR/pglite and starts opening it. Throws StartupError when DATA_DIR is unusable
 * or another process holds the database.
 */
export function openEmbeddedDatabase(dataDir: string, log: Logger): PgliteDriver {
  prepareDataDir(dataDir);
  const directory = join(dataDir, 'pglite');
  try {
    // Either way the process can no longer use its database safely: it ends, and the platform
    // (or the person at the terminal) starts it again, which takes the directory back.
    return new PgliteDriver({
      directory,
      onLockLost: (error) => {
        log.fatal({ err: error, directory }, 'the lock on the embedded database directory was lost to another process');
        process.exit(1);
      },
      onStopped: (error) => {
        log.fatal({ err: error, directory }, 'the embedded database stopped');
        process.exit(1);
      },
    });
  } catch (error) {
    if (!(error instanceof DirectoryLockedError)) throw error;
    const holder = error.holder ? ` (pid ${error.holder.pid} on ${error.holder.host})` : '';
    throw new StartupError(
      error.holder?.stopping
        ? `DATA_DIR: the embedded database in ${directory} is still held by a process that is stopping${holder}. ` +
            'Start again once it has exited: it drains its requests first (at most SHUTDOWN_GRACE_PERIOD).'
        : `DATA_DIR: the embedded database in ${directory} is in use by another process${holder}. ` +
            'The embedded database (DB_DRIVER=pglite) serves one process; to run more (a worker, another server, npm run migrate alongside), use DB_DRIVER=postgres.',
    );
  }
}
