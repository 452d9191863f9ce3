// A SQL database as the service uses it, on any SqlDriver (pg, PGlite): every statement behind
// the database's guards (deadlines, retries of reads, a breaker for the primary and one per
// replica), statements joining the ambient transaction, the probes /health/ready asks, the
// start-up step (reach, then migrate) and the shutdown.
import pRetry from 'p-retry';
import type { DependencyProbe, DependencyStatus } from '../dependencies/probe.js';
import type { Logger } from '../observability/logger.js';
import { guardFor } from '../resilience/guard-for.js';
import { asError, type Guard, type GuardObserver, type GuardSpans } from '../resilience/guard.js';
import type { Config } from '../settings/config.js';
import { REPLICA_GUARD, STARTUP_BACKOFF } from '../settings/tunables.js';
import { AmbientTransactions } from './ambient-transactions.js';
import { databaseRefusal } from './database-refusals.js';
import { GuardedSqlDriver } from './guarded-sql-driver.js';
import { isMigrated, migrate } from './migrations.js';
import type { GuardedReplica } from './replica-reads.js';
import { isDatabaseFailure, READ_ONLY, type SqlDriver, type SqlExecutor } from './sql.js';

/** The DB_* settings of the guards, the start-up step and its messages. */
export type SqlDatabaseSettings = Pick<
  Config['db'],
  'driver' | 'host' | 'port' | 'name' | 'tls' | 'readTimeoutMs' | 'writeTimeoutMs' | 'breakerResetMs'
>;

/** Whether the primary takes writes: what the readiness report says of it. */
const PRIMARY_STATE = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only";

type PrimaryState = 'read-write' | 'read-only' | 'unknown';

export class SqlDatabase {
  /** Statements and transactions on the primary; a statement joins the transaction in progress. */
  readonly driver: AmbientTransactions;
  /** Reads that tolerate replication lag: the replicas in rotation, else the primary. */
  readonly replicaReads: SqlExecutor;
  /** The primary's probe, and one per read replica (never critical: reads fall back to the primary). */
  readonly probes: readonly DependencyProbe[];
  private readonly guard: Guard;
  private readonly guarded: GuardedSqlDriver;
  private migrated = false;
  private primaryState: PrimaryState = 'unknown';

  constructor(
    private readonly raw: SqlDriver,
    private readonly settings: SqlDatabaseSettings,
    private readonly log: Logger,
    observer?: GuardObserver,
    spans?: GuardSpans,
  ) {
    const guard = (dependency: 'database' | 'database-replica', name?: string) =>
      guardFor(
        dependency,
        {
          ...(name !== undefined ? { name } : {}),
          // Every call names its deadline (reads, writes); this is the longest of them.
          timeoutMs: Math.max(settings.readTimeoutMs, settings.writeTimeoutMs),
          resetTimeoutMs: settings.breakerResetMs,
          isDependencyFailure: isDatabaseFailure,
        },
        observer,
        spans,
      );
    this.guard = guard('database');
    let replicas = 0;
    this.guarded = new GuardedSqlDriver(
      raw,
      { primary: this.guard, replica: () => guard('database-replica', `database-replica-${++replicas}`) },
      {
        readMs: settings.readTimeoutMs,
        writeMs: settings.writeTimeoutMs,
        replicaMs: Math.round(settings.readTimeoutMs * REPLICA_GUARD.shareOfReadDeadline),
      },
    );
    this.driver = new AmbientTransactions(this.guarded);
    this.replicaReads = this.guarded.replica;
    this.probes = [this.primaryProbe(), ...this.guarded.replicas.map(replicaProbe)];
  }

  /**
   * Waits until the database answers, retrying with backoff until `signal` aborts, then migrates
   * it; with `migrate: false` (MIGRATE_ON_START=false), waits until another step has. Only what
   * can heal is retried (a refused, reset or timed-out connection; a server starting up); anything
   * else (a bad password, TLS the server and we disagree on, a missing database, a broken
   * directory) ends start-up with its reason, naming the variable to fix.
   */
  async prepare(signal: AbortSignal, { migrate: migrateHere }: { readonly migrate: boolean } = { migrate: true }): Promise<void> {
    const log = this.log.child({ step: 'database', driver: this.settings.driver });
    const untilHealed = (what: string) => ({
      retries: Infinity,
      minTimeout: STARTUP_BACKOFF.minTimeoutMs,
      maxTimeout: STARTUP_BACKOFF.maxTimeoutMs,
      factor: STARTUP_BACKOFF.factor,
      randomize: true,
      signal,
      shouldRetry: ({ error, attemptNumber }: { error: Error; attemptNumber: number }) => {
        if (!isDatabaseFailure(error) || databaseRefusal(error, this.settings) !== undefined) return false;
        log.warn({ attempt: attemptNumber, reason: error.message }, `${what}; retrying`);
        return true;
      },
    });
    const settled =
      <T>(work: () => Promise<T>) =>
      () =>
        work().catch((error: unknown) => Promise.reject(asError(error)));
    await pRetry(
      settled(() => this.raw.primary.query('SELECT 1')),
      untilHealed('database not reachable yet'),
    ).catch((error: unknown) => Promise.reject(databaseRefusal(error, this.settings) ?? asError(error)));
    log.info('database reachable');
    if (!migrateHere) {
      await this.waitForMigrations(signal, log);
    } else {
      const report = await pRetry(
        settled(() => migrate(this.raw)),
        untilHealed('migration failed'),
      );
      log.info({ applied: report.applied, schemaVersion: report.current }, 'database migrated');
    }
    this.migrated = true;
  }

  async close(): Promise<void> {
    this.guard.shutdown();
    for (const replica of this.guarded.replicas) replica.guard.shutdown();
    await this.raw.close();
  }

  /** The schema is another step's (the migration Job, with rights this process need not have): unready until it has run. */
  private async waitForMigrations(signal: AbortSignal, log: Logger): Promise<void> {
    for (let attempt = 1; !(await isMigrated(this.raw)); attempt++) {
      if (attempt === 1 || attempt % 12 === 0)
        log.warn({ attempt }, 'the schema is not migrated yet (MIGRATE_ON_START=false): waiting for the migration Job');
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, STARTUP_BACKOFF.maxTimeoutMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(asError(signal.reason))), { once: true });
      });
    }
    log.info('database migrated by another step');
  }

  /** Down while the breaker is open, the primary read-only (a demoted primary) or the schema not migrated. */
  private primaryProbe(): DependencyProbe {
    return {
      name: 'database',
      critical: true,
      check: async () => {
        if (this.guard.state === 'open') return 'down';
        try {
          const { rows } = await this.driver.primary.query<{ read_only: boolean }>(PRIMARY_STATE);
          this.primaryState = rows[0]?.read_only ? 'read-only' : 'read-write';
        } catch (error) {
          // A new connection refuses a read-only primary: that is what the report should say.
          if ((error as { cause?: { code?: unknown } }).cause?.code === READ_ONLY) this.primaryState = 'read-only';
          throw error;
        }
        if (this.primaryState === 'read-only') return 'down';
        this.migrated ||= await isMigrated(this.raw);
        if (!this.migrated) return 'down';
        return this.guard.state === 'half-open' ? 'degraded' : 'up';
      },
      details: () => ({ breaker: this.guard.state, primary: this.primaryState }),
    };
  }
}

/** A replica is reported, and never makes the service unready: reads go to the primary without it. */
function replicaProbe(replica: GuardedReplica): DependencyProbe {
  return {
    name: replica.guard.name,
    critical: false,
    async check(): Promise<DependencyStatus> {
      if (replica.guard.state === 'open') return 'down';
      await replica.executor.query('SELECT 1');
      return replica.guard.state === 'half-open' ? 'degraded' : 'up';
    },
    details: () => ({ address: replica.address, breaker: replica.guard.state }),
  };
}
