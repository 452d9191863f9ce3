// Structured JSON logs on stdout. Serializers keep credentials and e-mail addresses out:
// requests are logged by method and route, never with their headers or bodies.
import bunyan from 'bunyan';

export type Logger = bunyan;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const SECRET_KEYS = /authorization|cookie|password|secret|token|email/i;

/** Replaces the values of secret-looking keys, at any depth, with a marker. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1)]));
}

/**
 * An error as bunyan shows it (message, name, stack, code), with its `cause` chain: "database is
 * unavailable" says little without the refused connection or the deadline behind it.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const shown = bunyan.stdSerializers.err(error) as Record<string, unknown>;
  if (error.cause === undefined || depth >= 3) return shown;
  return { ...shown, cause: serializeError(error.cause, depth + 1) };
}

/** Where a logger's lines go: bunyan calls only `write`, with one serialized line (a LogOutput, or a test's stream). */
export interface LineSink {
  write(line: string): unknown;
}

export function createLogger(options: { name: string; level: LogLevel; stream?: LineSink }): Logger {
  return bunyan.createLogger({
    name: options.name,
    level: options.level,
    ...(options.stream ? { stream: options.stream as NodeJS.WritableStream } : {}),
    serializers: {
      err: serializeError,
      context: redact,
    },
  });
}
