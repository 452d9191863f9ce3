// DB_DRIVER=pglite: the embedded PostgreSQL (PGlite) in DATA_DIR, on its own thread. An entry
// point opens it before loading the rest of the service (embedded-database.ts) and hands it
// here; otherwise it is opened on first use.
import type { Logger } from '../../adapters/observability/logger.js';
import type { PgliteDriver } from '../../adapters/postgres/pglite-driver.js';
import { openEmbeddedDatabase } from '../embedded-database.js';
import { LOGGER } from '../tokens.js';
import { sqlStorageBundle, type DatabaseSettings } from './sql.js';

export function pgliteDatabase(db: DatabaseSettings, dataDir: string, opened?: PgliteDriver) {
  return sqlStorageBundle(db, (ctx) => opened ?? openEmbeddedDatabase(dataDir, ctx.get<Logger>(LOGGER)));
}
