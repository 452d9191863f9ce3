// Reads that tolerate replication lag, spread over the replicas (DB_READ_HOSTS). Each replica
// has a breaker of its own and a share of the read's deadline: one that fails or hangs costs a
// read at most that share, after which the read goes to the primary with what is left; once its
// breaker is open it leaves the rotation until a trial read succeeds. A replica's trouble never
// counts against the primary's breaker, so it cannot take writes or readiness down with it.
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Guard } from '../resilience/guard.js';
import type { QueryOptions, SqlExecutor, SqlResult } from './sql.js';

export interface GuardedReplica {
  readonly address: string;
  /** The replica's statements, through its own guard, within its share of the read deadline. */
  readonly executor: SqlExecutor;
  readonly guard: Guard;
}

export class ReplicaReads implements SqlExecutor {
  private turn = 0;

  /**
   * @param primary where reads go when no replica is in rotation, or one failed (the primary's guard applies)
   * @param readDeadlineMs the read's whole deadline: the primary gets what the replica left of it
   */
  constructor(
    private readonly replicas: readonly GuardedReplica[],
    private readonly primary: SqlExecutor,
    private readonly readDeadlineMs: number,
  ) {}

  async query<R>(text: string, params?: readonly unknown[], options: QueryOptions = {}): Promise<SqlResult<R>> {
    const replica = this.inRotation();
    if (replica === undefined) return this.primary.query<R>(text, params, options);
    const started = performance.now();
    try {
      return await replica.executor.query<R>(text, params, options);
    } catch (error) {
      // An answer (a bad cursor, say) would be the primary's answer too; only unavailability moves the read.
      if (!(error instanceof DependencyUnavailableError)) throw error;
      const left = Math.max(1, Math.round(this.readDeadlineMs - (performance.now() - started)));
      return this.primary.query<R>(text, params, { ...options, deadlineMs: left });
    }
  }

  runScript(sql: string): Promise<void> {
    return this.primary.runScript(sql);
  }

  /** The next replica whose breaker lets reads through, in turn; none when every one is open. */
  private inRotation(): GuardedReplica | undefined {
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.turn++ % this.replicas.length]!;
      if (replica.guard.state !== 'open') return replica;
    }
    return undefined;
  }
}
