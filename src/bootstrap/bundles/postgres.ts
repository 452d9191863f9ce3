// DB_DRIVER=postgres: PostgreSQL through a pg pool (and one per read replica), with the pools' metrics.
import { PgDriver } from '../../adapters/postgres/pg-driver.js';
import { registerPoolMetrics } from '../../adapters/postgres/pool-metrics.js';
import type { PoolEvent } from '../../adapters/postgres/server-pool.js';
import type { Logger } from '../../adapters/observability/logger.js';
import type { Metrics } from '../../adapters/observability/metrics.js';
import type { Config } from '../config.js';
import { LOGGER, METRICS } from '../tokens.js';
import { REPLICA_GUARD } from '../tunables.js';
import { sqlStorageBundle } from './sql.js';

export function postgresDatabase(db: Config['db']) {
  return sqlStorageBundle(db, (ctx) => {
    const log = ctx.get<Logger>(LOGGER);
    const driver = new PgDriver(
      {
        host: db.host, port: db.port, user: db.user, database: db.name, readHosts: db.readHosts,
        ...(db.password !== undefined ? { password: db.password } : {}),
        poolMax: db.poolMax, connectTimeoutMs: db.connectTimeoutMs, statementTimeoutMs: db.statementTimeoutMs, idleTimeoutMs: db.idleTimeoutMs,
        maxLifetimeMs: db.poolMaxLifetimeMs, tls: db.tls,
        ...(db.synchronousCommit !== undefined ? { synchronousCommit: db.synchronousCommit } : {}),
        replicaTimeoutMs: Math.round(db.readTimeoutMs * REPLICA_GUARD.shareOfReadDeadline),
      },
      (event) => logPoolEvent(log, event),
    );
    registerPoolMetrics(ctx.get<Metrics>(METRICS).registry, driver);
    return driver;
  });
}

function logPoolEvent(log: Logger, event: PoolEvent): void {
  const where = { pool: event.role, address: event.address };
  switch (event.kind) {
    case 'idle-error':
      log.warn({ ...where, err: event.error }, 'an idle PostgreSQL connection failed');
      return;
    case 'recycled':
      log.warn({ ...where, reason: event.reason }, 'PostgreSQL server gone read-only or shutting down: its connections are dropped, new ones made');
      return;
    case 'tls-fallback':
      log.info(where, event.tls ? 'DB_SSL_MODE=prefer: the server requires TLS again; connecting with it' : 'DB_SSL_MODE=prefer: the server offers no TLS; connecting without it');
      return;
  }
}
