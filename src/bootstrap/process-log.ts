// An entry point's log: bunyan's lines to stdout through a bounded, asynchronous LogOutput, so a
// log reader that is slow or gone can neither stall, grow nor end the process; and the exit that
// writes the lines still held first.
import { LogOutput } from '../adapters/observability/log-output.js';
import { createLogger, type Logger } from '../adapters/observability/logger.js';
import type { Config } from '../adapters/settings/config.js';
import { LOG_FLUSH_TIMEOUT_MS } from '../adapters/settings/tunables.js';

export interface ProcessLog {
  readonly log: Logger;
  readonly output: LogOutput;
  /** Ends the process once the lines held are written, or LOG_FLUSH_TIMEOUT_MS has passed. */
  readonly exit: (status: number) => Promise<never>;
}

export function openProcessLog(name: string, config: Pick<Config, 'logLevel' | 'logBufferBytes'>): ProcessLog {
  // Anything else written there (a start-up refusal on stderr, a library's console line) meets
  // the same readers: their EPIPE is dropped, never thrown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const output = new LogOutput({ fd: 1, maxBufferedBytes: config.logBufferBytes });
  const log = createLogger({ name, level: config.logLevel, stream: output });
  output.onResumed((dropped) =>
    log.warn({ droppedLines: dropped }, `${dropped} log lines were dropped while stdout's reader was behind (LOG_BUFFER_BYTES)`),
  );
  return {
    log,
    output,
    exit: async (status) => {
      await output.flush(LOG_FLUSH_TIMEOUT_MS);
      process.exit(status);
    },
  };
}
