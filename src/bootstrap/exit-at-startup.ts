// How an entry point ends when start-up cannot go on: the reason on stderr (for a person at a
// terminal) and in the log (for the platform), then exit 2 for what the operator must fix, 1
// for anything else.
import type { Logger } from '../adapters/observability/logger.js';
import { StartupError, exitStatusFor } from '../adapters/settings/startup-error.js';

export function exitAtStartup(log: Logger, error: unknown): never {
  if (error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  log.fatal({ err: error, step: 'start' }, 'start-up failed');
  process.exit(exitStatusFor(error));
}
