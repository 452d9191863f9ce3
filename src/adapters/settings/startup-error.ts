// A start-up failure that waiting cannot heal: a bad variable, a DATA_DIR that cannot be
// written, a database directory another process holds. The process says why and exits 2 at
// once; only what can heal (a refused or timed-out connection) is retried.

export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The exit status for a failure at start-up: 2 for the operator's to fix, 1 for anything else (a bug). */
export const exitStatusFor = (error: unknown): number => (error instanceof StartupError ? 2 : 1);
