// DB_DRIVER=postgres: PostgreSQL through a pg pool (and one per read replica), with the pools' metrics.
import { PgDriver } from '../../adapters/postgres/pg-driver.js';
import { registerPoolMetrics } from '../../adapters/postgres/pool-metrics.js';
import type { Logger } from '../../adapters/observability/logger.js';
import type { Metrics } from '../../adapters/observability/metrics.js';
import type { Config } from '../config.js';
import { LOGGER, METRICS } from '../tokens.js';
import { sqlStorageBundle } from './sql.js';

export function postgresDatabase(db: Config['db']) {
  return sqlStorageBundle(db, (ctx) => {
    const log = ctx.get<Logger>(LOGGER);
    const driver = new PgDriver(
      {
        host: db.host, port: db.port, user: db.user, database: db.name, readHosts: db.readHosts,
        ...(db.password !== undefined ? { password: db.password } : {}),
        poolMax: db.poolMax, connectTimeoutMs: db.connectTimeoutMs, statementTimeoutMs: db.statementTimeoutMs, idleTimeoutMs: db.idleTimeoutMs,
      },
      (error, pool) => log.warn({ err: error, pool }, 'an idle PostgreSQL connection failed'),
    );
    registerPoolMetrics(ctx.get<Metrics>(METRICS).registry, driver);
    return driver;
  });
}
