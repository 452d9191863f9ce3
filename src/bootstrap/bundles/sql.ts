// What the two SQL bundles (postgres.ts, pglite.ts) share: every port on one SQL driver,
// behind the database's guard (deadlines, retries of reads, circuit breaker), its probe, its
// start-up step (reach, then migrate) and its shutdown.
import type { ResolutionContext } from 'inversify';
import pRetry from 'p-retry';
import { CLOCK } from '../../domain/ports/clock.js';
import type { Logger } from '../../adapters/observability/logger.js';
import { GuardedSqlDriver } from '../../adapters/postgres/guarded-sql-driver.js';
import { isMigrated, migrate } from '../../adapters/postgres/migrations.js';
import { isDatabaseFailure, isServerAnswer, type SqlDriver } from '../../adapters/postgres/sql.js';
import { SqlAvatarStore } from '../../adapters/postgres/sql-avatar-store.js';
import { SqlIdempotencyStore } from '../../adapters/postgres/sql-idempotency-store.js';
import { SqlProfileRepository } from '../../adapters/postgres/sql-profile-repository.js';
import { SqlTaskStore } from '../../adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../adapters/postgres/sql-unit-of-work.js';
import { Guard, asError } from '../../adapters/resilience/guard.js';
import type { Config } from '../config.js';
import { StartupError } from '../startup-error.js';
import { GUARD_OBSERVER, LOGGER } from '../tokens.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, DATABASE_GUARD, STARTUP_BACKOFF } from '../tunables.js';
import { storageBundle } from './dependency.js';

/** The settings of the database's guard, start-up and messages: DB_* variables. */
export type DatabaseSettings = Pick<Config['db'], 'driver' | 'name' | 'readTimeoutMs' | 'writeTimeoutMs' | 'breakerResetMs'>;

/** A storage bundle over the SQL driver that `open` gives (called once, on first use). */
export function sqlStorageBundle(db: DatabaseSettings, open: (ctx: ResolutionContext) => SqlDriver) {
  return storageBundle((ctx) => {
    const log = ctx.get<Logger>(LOGGER);
    const raw = open(ctx);
    const guard = new Guard(
      {
        name: 'database',
        // Every call names its deadline (reads, writes); this is the longest of them.
        timeoutMs: Math.max(db.readTimeoutMs, db.writeTimeoutMs),
        retries: DATABASE_GUARD.readRetries,
        resetTimeoutMs: db.breakerResetMs,
        errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE,
        volumeThreshold: BREAKER_VOLUME_THRESHOLD,
        retryAfterSeconds: Math.max(1, Math.ceil(db.breakerResetMs / 1000)),
        isDependencyFailure: isDatabaseFailure,
      },
      ctx.get(GUARD_OBSERVER),
    );
    const driver = new GuardedSqlDriver(raw, guard, { readMs: db.readTimeoutMs, writeMs: db.writeTimeoutMs });
    let migrated = false;
    return {
      profiles: new SqlProfileRepository(driver.primary, driver.replica),
      tasks: new SqlTaskStore(driver.primary),
      unitOfWork: new SqlUnitOfWork(driver),
      idempotency: new SqlIdempotencyStore(driver.primary, ctx.get(CLOCK)),
      avatars: new SqlAvatarStore(driver),
      probe: {
        name: 'database',
        critical: true,
        async check() {
          if (guard.state === 'open') return 'down';
          await driver.primary.query('SELECT 1');
          if (!migrated) migrated = await isMigrated(raw);
          if (!migrated) return 'down';
          return guard.state === 'half-open' ? 'degraded' : 'up';
        },
        details: () => ({ breaker: guard.state }),
      },
      async prepare(signal) {
        const stepLog = log.child({ step: 'database', driver: db.driver });
        // Only what can heal is retried (a refused, reset or timed-out connection; a server
        // starting up); anything else (a bad password, a missing database, a broken directory)
        // ends start-up with its reason.
        const untilHealed = (what: string) => ({
          retries: Infinity, minTimeout: STARTUP_BACKOFF.minTimeoutMs, maxTimeout: STARTUP_BACKOFF.maxTimeoutMs, factor: STARTUP_BACKOFF.factor, randomize: true, signal,
          shouldRetry: ({ error, attemptNumber }: { error: Error; attemptNumber: number }) => {
            if (!isDatabaseFailure(error)) return false;
            stepLog.warn({ attempt: attemptNumber, reason: error.message }, `${what}; retrying`);
            return true;
          },
        });
        await pRetry(() => raw.primary.query('SELECT 1').catch((error: unknown) => Promise.reject(asError(error))), untilHealed('database not reachable yet'))
          .catch((error: unknown) => Promise.reject(startupFailure(error, db)));
        stepLog.info('database reachable');
        const report = await pRetry(() => migrate(raw).catch((error: unknown) => Promise.reject(asError(error))), untilHealed('migration failed'));
        migrated = true;
        stepLog.info({ applied: report.applied, schemaVersion: report.current }, 'database migrated');
      },
      async close() {
        guard.shutdown();
        await raw.close();
      },
    };
  });
}

/** What the operator must fix, named by its variable, when the database refuses us for good. */
function startupFailure(error: unknown, db: DatabaseSettings): Error {
  if (!isServerAnswer(error)) return asError(error);
  if (error.code.startsWith('28')) return new StartupError(`DB_USER / DB_PASSWORD: PostgreSQL refused them (${asError(error).message}).`, { cause: error });
  if (error.code === '3D000') return new StartupError(`DB_NAME: the database "${db.name}" does not exist; create it first.`, { cause: error });
  return asError(error);
}
