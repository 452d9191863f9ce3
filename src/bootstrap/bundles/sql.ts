// What the two SQL bundles (postgres.ts, pglite.ts) share: every port on one SQL driver,
// behind the database's guards (deadlines, retries of reads, circuit breakers: the primary's,
// and one per replica), its probes, its start-up step (reach, then migrate) and its shutdown.
import type { ResolutionContext } from 'inversify';
import pRetry from 'p-retry';
import { CLOCK } from '../../domain/ports/clock.js';
import type { DependencyProbe, DependencyStatus } from '../../adapters/http/health.js';
import type { Logger } from '../../adapters/observability/logger.js';
import { AmbientTransactions } from '../../adapters/postgres/ambient-transactions.js';
import { GuardedSqlDriver } from '../../adapters/postgres/guarded-sql-driver.js';
import { isMigrated, migrate } from '../../adapters/postgres/migrations.js';
import type { GuardedReplica } from '../../adapters/postgres/replica-reads.js';
import { isDatabaseFailure, READ_ONLY, type SqlDriver } from '../../adapters/postgres/sql.js';
import { SqlAvatarStore } from '../../adapters/postgres/sql-avatar-store.js';
import { SqlIdempotencyStore } from '../../adapters/postgres/sql-idempotency-store.js';
import { SqlProfileRepository } from '../../adapters/postgres/sql-profile-repository.js';
import { SqlTaskStore } from '../../adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../adapters/postgres/sql-unit-of-work.js';
import { Bulkhead } from '../../adapters/resilience/bulkhead.js';
import { Guard, asError, type GuardObserver, type GuardSpans } from '../../adapters/resilience/guard.js';
import type { Config } from '../config.js';
import { databaseRefusal } from '../database-refusals.js';
import { GUARD_OBSERVER, GUARD_SPANS, LOGGER, PROFILE_RENDERER } from '../tokens.js';
import type { EventWriting } from './events.js';
import type { SpansFor } from './process.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, DATABASE_GUARD, REPLICA_GUARD, SEARCH_QUEUE_PER_SLOT, STARTUP_BACKOFF } from '../tunables.js';
import { storageBundle } from './dependency.js';

/** The settings of the database's guards, start-up and messages: DB_* variables. */
export type DatabaseSettings = Pick<Config['db'], 'driver' | 'host' | 'port' | 'name' | 'tls' | 'readTimeoutMs' | 'writeTimeoutMs' | 'breakerResetMs' | 'searchConcurrency'>;

/** Whether the primary takes writes: what the readiness report says of it. */
const PRIMARY_STATE = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only";

function guardOf(name: string, db: DatabaseSettings, retries: number, observer: GuardObserver, spans: GuardSpans | undefined): Guard {
  return new Guard(
    {
      name,
      // Every call names its deadline (reads, writes); this is the longest of them.
      timeoutMs: Math.max(db.readTimeoutMs, db.writeTimeoutMs),
      retries,
      resetTimeoutMs: db.breakerResetMs,
      errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE,
      volumeThreshold: BREAKER_VOLUME_THRESHOLD,
      retryAfterSeconds: Math.max(1, Math.ceil(db.breakerResetMs / 1000)),
      isDependencyFailure: isDatabaseFailure,
    },
    observer,
    spans,
  );
}

/** A storage bundle over the SQL driver that `open` gives (called once, on first use). */
export function sqlStorageBundle(db: DatabaseSettings, open: (ctx: ResolutionContext) => SqlDriver) {
  return storageBundle((ctx) => {
    const log = ctx.get<Logger>(LOGGER);
    const observer = ctx.get<GuardObserver>(GUARD_OBSERVER);
    const raw = open(ctx);
    const spans = ctx.get<SpansFor>(GUARD_SPANS)('postgresql', {
      'db.system.name': 'postgresql', 'db.namespace': db.name,
      ...(db.driver === 'postgres' ? { 'server.address': db.host, 'server.port': db.port } : {}),
    });
    const guard = guardOf('database', db, DATABASE_GUARD.readRetries, observer, spans);
    let replicaCount = 0;
    const guarded = new GuardedSqlDriver(
      raw,
      { primary: guard, replica: () => guardOf(`database-replica-${++replicaCount}`, db, REPLICA_GUARD.retries, observer, spans) },
      { readMs: db.readTimeoutMs, writeMs: db.writeTimeoutMs, replicaMs: Math.round(db.readTimeoutMs * REPLICA_GUARD.shareOfReadDeadline) },
    );
    const driver = new AmbientTransactions(guarded);
    let migrated = false;
    let primary: 'read-write' | 'read-only' | 'unknown' = 'unknown';
    const probe: DependencyProbe = {
      name: 'database',
      critical: true,
      async check() {
        if (guard.state === 'open') return 'down';
        try {
          const { rows } = await driver.primary.query<{ read_only: boolean }>(PRIMARY_STATE);
          primary = rows[0]?.read_only ? 'read-only' : 'read-write';
        } catch (error) {
          // A new connection refuses a read-only primary: that is what the report should say.
          if ((error as { cause?: { code?: unknown } }).cause?.code === READ_ONLY) primary = 'read-only';
          throw error;
        }
        if (primary === 'read-only') return 'down';
        if (!migrated) migrated = await isMigrated(raw);
        if (!migrated) return 'down';
        return guard.state === 'half-open' ? 'degraded' : 'up';
      },
      details: () => ({ breaker: guard.state, primary }),
    };
    return {
      profiles: new SqlProfileRepository(driver.primary, guarded.replica, new Bulkhead({
        name: 'search', maxConcurrent: db.searchConcurrency, maxQueued: db.searchConcurrency * SEARCH_QUEUE_PER_SLOT, retryAfterSeconds: 1,
      })),
      tasks: new SqlTaskStore(driver.primary),
      unitOfWork: new SqlUnitOfWork(driver, ctx.get<EventWriting>(PROFILE_RENDERER).render),
      idempotency: new SqlIdempotencyStore(driver, ctx.get(CLOCK)),
      avatars: new SqlAvatarStore(driver),
      probes: [probe, ...guarded.replicas.map(replicaProbe)],
      async prepare(signal, { migrate: migrateHere } = { migrate: true }) {
        const stepLog = log.child({ step: 'database', driver: db.driver });
        // Only what can heal is retried (a refused, reset or timed-out connection; a server
        // starting up); anything else (a bad password, TLS the server and we disagree on, a
        // missing database, a broken directory) ends start-up with its reason.
        const untilHealed = (what: string) => ({
          retries: Infinity, minTimeout: STARTUP_BACKOFF.minTimeoutMs, maxTimeout: STARTUP_BACKOFF.maxTimeoutMs, factor: STARTUP_BACKOFF.factor, randomize: true, signal,
          shouldRetry: ({ error, attemptNumber }: { error: Error; attemptNumber: number }) => {
            if (!isDatabaseFailure(error) || databaseRefusal(error, db) !== undefined) return false;
            stepLog.warn({ attempt: attemptNumber, reason: error.message }, `${what}; retrying`);
            return true;
          },
        });
        await pRetry(() => raw.primary.query('SELECT 1').catch((error: unknown) => Promise.reject(asError(error))), untilHealed('database not reachable yet'))
          .catch((error: unknown) => Promise.reject(databaseRefusal(error, db) ?? asError(error)));
        stepLog.info('database reachable');
        if (!migrateHere) {
          await waitForMigrations(raw, signal, stepLog);
          migrated = true;
          return;
        }
        const report = await pRetry(() => migrate(raw).catch((error: unknown) => Promise.reject(asError(error))), untilHealed('migration failed'));
        migrated = true;
        stepLog.info({ applied: report.applied, schemaVersion: report.current }, 'database migrated');
      },
      async close() {
        guard.shutdown();
        for (const replica of guarded.replicas) replica.guard.shutdown();
        await raw.close();
      },
    };
  });
}

/**
 * MIGRATE_ON_START=false: the schema is another step's (the migration Job, with rights this
 * process need not have); the service stays unready until that step has run, and says so.
 */
async function waitForMigrations(raw: SqlDriver, signal: AbortSignal, log: Logger): Promise<void> {
  for (let attempt = 1; !(await isMigrated(raw)); attempt++) {
    if (attempt === 1 || attempt % 12 === 0) log.warn({ attempt }, 'the schema is not migrated yet (MIGRATE_ON_START=false): waiting for the migration Job');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, STARTUP_BACKOFF.maxTimeoutMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(asError(signal.reason))), { once: true });
    });
  }
  log.info('database migrated by another step');
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
