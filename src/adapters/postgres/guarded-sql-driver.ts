import type { Guard } from '../resilience/guard.js';
import type { QueryOptions, SqlDriver, SqlExecutor, TransactionOptions } from './sql.js';

// Only reads are retried: a write that failed may have been applied.
const isRead = (text: string) => /^\s*SELECT\b/i.test(text);

export interface Deadlines {
  readonly readMs: number;
  /** Writes and whole transactions. */
  readonly writeMs: number;
}

const MIB = 1024 * 1024;

/**
 * A deadline fits a few rows; a statement that carries a file (an import, an avatar) is
 * allowed a quarter of it more per MiB: 10 MiB moves in well under a second on a quiet
 * server, and the deadline must not turn a busy moment into a refused upload.
 */
export function deadlineFor(baseMs: number, payloadBytes = 0): number {
  return Math.round(baseMs + (baseMs / 4) * (payloadBytes / MIB));
}

/** The bytes of binary parameters: the files a write carries. */
const bytesIn = (params: readonly unknown[] = []) => params.reduce<number>((sum, p) => sum + (p instanceof Uint8Array ? p.byteLength : 0), 0);

const guarded = (inner: SqlExecutor, guard: Guard, deadlines: Deadlines): SqlExecutor => ({
  query: (text, params, options: QueryOptions = {}) => {
    const read = isRead(text);
    const deadlineMs = read ? deadlineFor(deadlines.readMs, options.payloadBytes) : deadlineFor(deadlines.writeMs, bytesIn(params));
    return guard.run(() => inner.query(text, params), { idempotent: read, deadlineMs });
  },
  runScript: (sql) => guard.run(() => inner.runScript(sql), { idempotent: false, deadlineMs: deadlines.writeMs }),
});

/**
 * A SqlDriver whose every statement and transaction passes the database guard (breaker,
 * a deadline, retries for reads). A transaction is guarded as a whole, never retried.
 */
export class GuardedSqlDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replica: SqlExecutor;

  constructor(
    private readonly inner: SqlDriver,
    private readonly guard: Guard,
    private readonly deadlines: Deadlines,
  ) {
    this.primary = guarded(inner.primary, guard, deadlines);
    this.replica = guarded(inner.replica, guard, deadlines);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.guard.run((deadline) => this.inner.transaction(work, { ...options, deadline }), {
      idempotent: false, deadlineMs: deadlineFor(this.deadlines.writeMs, options.payloadBytes),
    });
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
