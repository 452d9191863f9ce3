// How an entry point ends when start-up cannot go on: the reason on stderr (for a person at a
// terminal) and in the log (for the platform), then exit 2 for what the operator must fix, 1
// for anything else, once the log's last lines are written.
import { StartupError, exitStatusFor } from '../adapters/settings/startup-error.js';
import type { ProcessLog } from './process-log.js';

export function exitAtStartup({ log, exit }: ProcessLog, error: unknown): Promise<never> {
  if (error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  log.fatal({ err: error, step: 'start' }, 'start-up failed');
  return exit(exitStatusFor(error));
}
