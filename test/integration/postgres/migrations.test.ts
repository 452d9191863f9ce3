// Several replicas starting at once against an empty database: each migration once.
import { migrate, MIGRATIONS } from '../../../src/adapters/postgres/migrations.js';
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { newDataDir, startServiceProcess } from '../../support/service-process.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

const appliedVersions = async () => {
  const driver = new PgDriver(database.settings, () => undefined);
  try {
    return (await driver.primary.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  } finally {
    await driver.close();
  }
};

describe('migrations', () => {
  test('when five migrators race on an empty database, then each migration is applied and recorded once', async () => {
    const drivers = Array.from({ length: 5 }, () => new PgDriver(database.settings, () => undefined));
    const reports = await Promise.all(drivers.map((d) => migrate(d)));
    await Promise.all(drivers.map((d) => d.close()));
    expect(reports.flatMap((r) => r.applied)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  test('when two service processes start at once on an empty database, then both become ready', async () => {
    const env = { ...serviceEnv(database.settings), AUTH_JWT_SECRET: 'x'.repeat(40) };
    const services = await Promise.all([startServiceProcess({ ...env, DATA_DIR: newDataDir() }), startServiceProcess({ ...env, DATA_DIR: newDataDir() })]);
    try {
      for (const service of services) expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
      expect(await appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      for (const service of services) service.child.kill('SIGTERM');
      await Promise.all(services.map((service) => service.exited));
    }
  }, 30_000);
});
