import type { Guard } from '../resilience/guard.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

// Only reads are retried: a write that failed may have been applied.
const isRead = (text: string) => /^\s*SELECT\b/i.test(text);

export interface Deadlines {
  readonly readMs: number;
  /** Writes and whole transactions. */
  readonly writeMs: number;
}

const guarded = (inner: SqlExecutor, guard: Guard, deadlines: Deadlines): SqlExecutor => ({
  query: (text, params) => {
    const read = isRead(text);
    return guard.run(() => inner.query(text, params), { idempotent: read, deadlineMs: read ? deadlines.readMs : deadlines.writeMs });
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

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.guard.run((deadline) => this.inner.transaction(work, deadline), { idempotent: false, deadlineMs: this.deadlines.writeMs });
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
