import type { Guard } from '../resilience/guard.js';
import { ReplicaReads, type GuardedReplica } from './replica-reads.js';
import type { QueryOptions, SqlDriver, SqlExecutor, TransactionOptions } from './sql.js';

// Only reads are retried: a write that failed may have been applied.
const isRead = (text: string) => /^\s*SELECT\b/i.test(text);

export interface Deadlines {
  readonly readMs: number;
  /** Writes and whole transactions. */
  readonly writeMs: number;
  /** A replica's share of a read's deadline: the rest is left for the primary should the replica fail. */
  readonly replicaMs: number;
}

/** The breakers: the primary's, and one per replica. */
export interface DatabaseGuards {
  readonly primary: Guard;
  replica(address: string): Guard;
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
const bytesIn = (params: readonly unknown[] = []) =>
  params.reduce<number>((sum, p) => sum + (p instanceof Uint8Array ? p.byteLength : 0), 0);

/** The statement's verb (SELECT, INSERT, WITH…), for its span's name. */
const operationOf = (text: string) => /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'query';

const guarded = (inner: SqlExecutor, guard: Guard, deadlines: Pick<Deadlines, 'readMs' | 'writeMs'>): SqlExecutor => ({
  query: (text, params, options: QueryOptions = {}) => {
    const read = isRead(text);
    const deadlineMs =
      options.deadlineMs ?? (read ? deadlineFor(deadlines.readMs, options.payloadBytes) : deadlineFor(deadlines.writeMs, bytesIn(params)));
    const operation = operationOf(text);
    return guard.run(() => inner.query(text, params), {
      idempotent: read,
      deadlineMs,
      operation,
      attributes: { 'db.operation.name': operation, 'db.query.text': text },
    });
  },
  runScript: (sql) => guard.run(() => inner.runScript(sql), { idempotent: false, deadlineMs: deadlines.writeMs, operation: 'script' }),
});

/**
 * A SqlDriver whose every statement and transaction passes a guard (breaker, a deadline,
 * retries for reads): the primary's, or a replica's own. A transaction is guarded as a whole,
 * never retried.
 */
export class GuardedSqlDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replicas: readonly GuardedReplica[];
  /** Reads that tolerate replication lag: the replicas in rotation, else the primary. */
  readonly replica: SqlExecutor;
  private readonly guard: Guard;

  constructor(
    private readonly inner: SqlDriver,
    guards: DatabaseGuards,
    private readonly deadlines: Deadlines,
  ) {
    this.guard = guards.primary;
    this.primary = guarded(inner.primary, this.guard, deadlines);
    this.replicas = inner.replicas.map(({ address, executor }) => {
      const guard = guards.replica(address);
      return { address, guard, executor: guarded(executor, guard, { readMs: deadlines.replicaMs, writeMs: deadlines.replicaMs }) };
    });
    this.replica = this.replicas.length === 0 ? this.primary : new ReplicaReads(this.replicas, this.primary, deadlines.readMs);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.guard.run((deadline, committing) => this.inner.transaction(work, { ...options, deadline, committing }), {
      operation: 'transaction',
      idempotent: false,
      deadlineMs: deadlineFor(this.deadlines.writeMs, options.payloadBytes),
    });
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
