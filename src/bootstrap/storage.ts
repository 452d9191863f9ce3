// The system of record, chosen by DB_DRIVER: the adapters of every port that lives in the
// database, its health probe, its start-up step and its shutdown.
import pRetry from 'p-retry';
import type { AvatarStore } from '../domain/ports/avatar-store.js';
import type { Clock } from '../domain/ports/clock.js';
import type { IdempotencyStore } from '../domain/ports/idempotency-store.js';
import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import type { TaskStore } from '../domain/ports/task-store.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import type { DependencyProbe } from '../adapters/http/health.js';
import { MemoryAvatarStore } from '../adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../adapters/memory/memory-database.js';
import { MemoryIdempotencyStore } from '../adapters/memory/memory-idempotency-store.js';
import { MemoryProfileRepository } from '../adapters/memory/memory-profile-repository.js';
import { MemoryTaskStore } from '../adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../adapters/memory/memory-unit-of-work.js';
import type { Logger } from '../adapters/observability/logger.js';
import { GuardedSqlDriver } from '../adapters/postgres/guarded-sql-driver.js';
import { isMigrated, migrate } from '../adapters/postgres/migrations.js';
import type { PgDriver } from '../adapters/postgres/pg-driver.js';
import type { PgliteDriver } from '../adapters/postgres/pglite-driver.js';
import { registerPoolMetrics } from '../adapters/postgres/pool-metrics.js';
import { isDatabaseFailure, isServerAnswer, type SqlDriver } from '../adapters/postgres/sql.js';
import { SqlAvatarStore } from '../adapters/postgres/sql-avatar-store.js';
import { SqlIdempotencyStore } from '../adapters/postgres/sql-idempotency-store.js';
import { SqlProfileRepository } from '../adapters/postgres/sql-profile-repository.js';
import { SqlTaskStore } from '../adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../adapters/postgres/sql-unit-of-work.js';
import type { Metrics } from '../adapters/observability/metrics.js';
import { Guard, asError, type GuardObserver } from '../adapters/resilience/guard.js';
import type { Config } from './config.js';
import { openEmbeddedDatabase } from './embedded-database.js';
import { StartupError } from './startup-error.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, DATABASE_GUARD, STARTUP_BACKOFF } from './tunables.js';

export interface Storage {
  readonly profiles: ProfileRepository;
  readonly tasks: TaskStore;
  readonly unitOfWork: UnitOfWork;
  readonly idempotency: IdempotencyStore;
  readonly avatars: AvatarStore;
  readonly probe: DependencyProbe;
  /** Waits until the database answers (retrying with backoff, forever), then migrates it. */
  prepare(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface StorageDependencies {
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly guardObserver: GuardObserver;
}

/**
 * Opens the system of record. The embedded database may have been opened already (an entry
 * point starts it first; see embedded-database.ts); else it is opened here, and this throws
 * StartupError when its directory is held by another process.
 */
export async function createStorage(config: Config, deps: StorageDependencies, embedded?: PgliteDriver): Promise<Storage> {
  if (config.db.driver === 'memory') return memoryStorage(deps.clock);
  const raw = config.db.driver === 'pglite' ? (embedded ?? openEmbeddedDatabase(config, deps.log)!) : await postgresDriver(config, deps);
  return sqlStorage(raw, config, deps);
}

async function postgresDriver(config: Config, deps: StorageDependencies): Promise<PgDriver> {
  const { db } = config;
  // pg is loaded only when chosen.
  const { PgDriver } = await import('../adapters/postgres/pg-driver.js');
  const driver = new PgDriver(
    {
      host: db.host, port: db.port, user: db.user, database: db.name, readHosts: db.readHosts,
      ...(db.password !== undefined ? { password: db.password } : {}),
      poolMax: db.poolMax, connectTimeoutMs: db.connectTimeoutMs, statementTimeoutMs: db.statementTimeoutMs, idleTimeoutMs: db.idleTimeoutMs,
    },
    (error, pool) => deps.log.warn({ err: error, pool }, 'an idle PostgreSQL connection failed'),
  );
  registerPoolMetrics(deps.metrics.registry, driver);
  return driver;
}

function sqlStorage(raw: SqlDriver, config: Config, deps: StorageDependencies): Storage {
  const guard = new Guard(
    {
      name: 'database',
      // Every call names its deadline (reads, writes); this is the longest of them.
      timeoutMs: Math.max(config.db.readTimeoutMs, config.db.writeTimeoutMs),
      retries: DATABASE_GUARD.readRetries,
      resetTimeoutMs: config.db.breakerResetMs,
      errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE,
      volumeThreshold: BREAKER_VOLUME_THRESHOLD,
      retryAfterSeconds: Math.max(1, Math.ceil(config.db.breakerResetMs / 1000)),
      isDependencyFailure: isDatabaseFailure,
    },
    deps.guardObserver,
  );
  const driver = new GuardedSqlDriver(raw, guard, { readMs: config.db.readTimeoutMs, writeMs: config.db.writeTimeoutMs });
  let migrated = false;
  return {
    profiles: new SqlProfileRepository(driver.primary, driver.replica),
    tasks: new SqlTaskStore(driver.primary),
    unitOfWork: new SqlUnitOfWork(driver),
    idempotency: new SqlIdempotencyStore(driver.primary, deps.clock),
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
      const log = deps.log.child({ step: 'database', driver: config.db.driver });
      // Only what can heal is retried (a refused, reset or timed-out connection; a server
      // starting up); anything else (a bad password, a missing database, a broken directory)
      // ends start-up with its reason.
      const untilHealed = (what: string) => ({
        retries: Infinity, minTimeout: STARTUP_BACKOFF.minTimeoutMs, maxTimeout: STARTUP_BACKOFF.maxTimeoutMs, factor: STARTUP_BACKOFF.factor, randomize: true, signal,
        shouldRetry: ({ error, attemptNumber }: { error: Error; attemptNumber: number }) => {
          if (!isDatabaseFailure(error)) return false;
          log.warn({ attempt: attemptNumber, reason: error.message }, `${what}; retrying`);
          return true;
        },
      });
      await pRetry(() => raw.primary.query('SELECT 1').catch((error: unknown) => Promise.reject(asError(error))), untilHealed('database not reachable yet'))
        .catch((error: unknown) => Promise.reject(startupFailure(error, config)));
      log.info('database reachable');
      const report = await pRetry(() => migrate(raw).catch((error: unknown) => Promise.reject(asError(error))), untilHealed('migration failed'));
      migrated = true;
      log.info({ applied: report.applied, schemaVersion: report.current }, 'database migrated');
    },
    async close() {
      guard.shutdown();
      await raw.close();
    },
  };
}

/** What the operator must fix, named by its variable, when the database refuses us for good. */
function startupFailure(error: unknown, config: Config): Error {
  if (!isServerAnswer(error)) return asError(error);
  if (error.code.startsWith('28')) return new StartupError(`DB_USER / DB_PASSWORD: PostgreSQL refused them (${asError(error).message}).`, { cause: error });
  if (error.code === '3D000') return new StartupError(`DB_NAME: the database "${config.db.name}" does not exist; create it first.`, { cause: error });
  return asError(error);
}

function memoryStorage(clock: Clock): Storage {
  const db = new MemoryDatabase();
  return {
    profiles: new MemoryProfileRepository(db),
    tasks: new MemoryTaskStore(db),
    unitOfWork: new MemoryUnitOfWork(db),
    idempotency: new MemoryIdempotencyStore(clock),
    avatars: new MemoryAvatarStore(),
    probe: { name: 'database', critical: true, check: () => Promise.resolve('up') },
    prepare: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
