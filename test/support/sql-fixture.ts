// A migrated database on either driver, emptied between tests.
import { PgDriver } from '../../src/adapters/postgres/pg-driver.js';
import { PgliteDriver } from '../../src/adapters/postgres/pglite-driver.js';
import { migrate } from '../../src/adapters/postgres/migrations.js';
import type { SqlDriver } from '../../src/adapters/postgres/sql.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export type DriverKind = 'pglite' | 'postgres';

export interface SqlFixture {
  readonly driver: SqlDriver;
  truncate(): Promise<void>;
  close(): Promise<void>;
}

export async function openSqlFixture(kind: DriverKind): Promise<SqlFixture> {
  let database: TestDatabase | undefined;
  let driver: SqlDriver;
  if (kind === 'pglite') {
    driver = await PgliteDriver.open();
  } else {
    database = await createTestDatabase();
    driver = new PgDriver(database.settings, () => undefined);
  }
  await migrate(driver);
  return {
    driver,
    truncate: () => driver.primary.runScript('TRUNCATE profiles, tasks, task_inputs, idempotency_keys, avatar_images, profile_events'),
    close: async () => {
      await driver.close();
      await database?.drop();
    },
  };
}
