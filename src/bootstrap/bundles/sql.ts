// DB_DRIVER=postgres (PostgreSQL through pg pools, one per read replica) and DB_DRIVER=pglite
// (the embedded PostgreSQL in DATA_DIR, on its own thread): the same SQL adapters on either.
import type { ResolutionContext } from 'inversify';
import { PgDriver } from '../../adapters/postgres/pg-driver.js';
import type { PgliteDriver } from '../../adapters/postgres/pglite-driver.js';
import { logPoolEvent } from '../../adapters/postgres/pool-log.js';
import { registerPoolMetrics } from '../../adapters/postgres/pool-metrics.js';
import type { SqlDriver } from '../../adapters/postgres/sql.js';
import { SqlAvatarStore } from '../../adapters/postgres/sql-avatar-store.js';
import { SqlDatabase } from '../../adapters/postgres/sql-database.js';
import { SqlIdempotencyStore } from '../../adapters/postgres/sql-idempotency-store.js';
import { SqlProfileRepository } from '../../adapters/postgres/sql-profile-repository.js';
import { SqlTaskStore } from '../../adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../adapters/postgres/sql-unit-of-work.js';
import { Bulkhead } from '../../adapters/resilience/bulkhead.js';
import type { Config } from '../../adapters/settings/config.js';
import { REPLICA_GUARD, SEARCH_QUEUE_PER_SLOT } from '../../adapters/settings/tunables.js';
import { openEmbeddedDatabase } from '../../adapters/postgres/embedded-database.js';
import { CLOCK, GUARD_OBSERVER, GUARD_SPANS, LOGGER, METRICS, PROFILE_RENDERER } from '../tokens.js';
import { storageBundle } from './dependency.js';

type DatabaseSettings = Config['db'];

/** DB_DRIVER=postgres: PostgreSQL through a pg pool, one per read replica (DB_READ_HOSTS), with the pools' metrics. */
export function postgresDatabase(db: DatabaseSettings) {
  return sqlDatabase(db, (ctx) => {
    const log = ctx.get(LOGGER);
    const driver = new PgDriver(
      {
        host: db.host,
        port: db.port,
        user: db.user,
        database: db.name,
        readHosts: db.readHosts,
        ...(db.password !== undefined ? { password: db.password } : {}),
        poolMax: db.poolMax,
        connectTimeoutMs: db.connectTimeoutMs,
        statementTimeoutMs: db.statementTimeoutMs,
        idleTimeoutMs: db.idleTimeoutMs,
        maxLifetimeMs: db.poolMaxLifetimeMs,
        tls: db.tls,
        ...(db.synchronousCommit !== undefined ? { synchronousCommit: db.synchronousCommit } : {}),
        replicaTimeoutMs: Math.round(db.readTimeoutMs * REPLICA_GUARD.shareOfReadDeadline),
      },
      (event) => logPoolEvent(log, event),
    );
    registerPoolMetrics(ctx.get(METRICS).registry, driver);
    return driver;
  });
}

/** DB_DRIVER=pglite: the embedded database, as the entry point opened it (embedded-database.ts), or opened on first use. */
export function pgliteDatabase(db: DatabaseSettings, dataDir: string, opened?: PgliteDriver) {
  return sqlDatabase(db, (ctx) => opened ?? openEmbeddedDatabase(dataDir, ctx.get(LOGGER)));
}

/** Every storage port on the SqlDriver that `open` gives (called once, on first use). */
function sqlDatabase(db: DatabaseSettings, open: (ctx: ResolutionContext) => SqlDriver) {
  return storageBundle((ctx) => {
    const spans = ctx.get(GUARD_SPANS)('postgresql', {
      'db.system.name': 'postgresql',
      'db.namespace': db.name,
      ...(db.driver === 'postgres' ? { 'server.address': db.host, 'server.port': db.port } : {}),
    });
    const database = new SqlDatabase(open(ctx), db, ctx.get(LOGGER), ctx.get(GUARD_OBSERVER), spans);
    const { driver } = database;
    // A flood of searches waits its turn, or is refused at once (503), leaving the database to the rest of the API.
    const searches = new Bulkhead({
      name: 'search',
      maxConcurrent: db.searchConcurrency,
      maxQueued: db.searchConcurrency * SEARCH_QUEUE_PER_SLOT,
      retryAfterSeconds: 1,
    });
    return {
      profiles: new SqlProfileRepository(driver.primary, database.replicaReads, searches),
      tasks: new SqlTaskStore(driver.primary),
      unitOfWork: new SqlUnitOfWork(driver, ctx.get(PROFILE_RENDERER).render),
      idempotency: new SqlIdempotencyStore(driver, ctx.get(CLOCK)),
      avatars: new SqlAvatarStore(driver),
      probes: database.probes,
      prepare: (signal, options) => database.prepare(signal, options),
      close: () => database.close(),
    };
  });
}
