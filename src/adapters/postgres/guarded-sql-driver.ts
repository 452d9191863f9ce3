import type { Guard } from '../resilience/guard.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

// Only reads are retried: a write that failed may have been applied.
const isRead = (text: string) => /^\s*SELECT\b/i.test(text);

const guarded = (inner: SqlExecutor, guard: Guard): SqlExecutor => ({
  query: (text, params) => guard.run(() => inner.query(text, params), { idempotent: isRead(text) }),
  runScript: (sql) => guard.run(() => inner.runScript(sql), { idempotent: false }),
});

/**
 * A SqlDriver whose every statement and transaction passes the database guard (breaker,
 * timeout, retries for reads). A transaction is guarded as a whole, never retried.
 */
export class GuardedSqlDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replica: SqlExecutor;

  constructor(
    private readonly inner: SqlDriver,
    private readonly guard: Guard,
  ) {
    this.primary = guarded(inner.primary, guard);
    this.replica = guarded(inner.replica, guard);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.guard.run(() => this.inner.transaction(work), { idempotent: false });
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
