// Several replicas starting at once against an empty database: each migration once.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { migrate, MIGRATIONS } from '../../../src/adapters/postgres/migrations.js';
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { newDataDir, startServiceProcess } from '../../support/service-process.js';

const run = promisify(execFile);
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

const appliedVersions = async () => {
  const driver = new PgDriver(database.settings, () => undefined);
  try {
    return (await driver.primary.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
      (r) => r.version,
    );
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
    const services = await Promise.all([
      startServiceProcess({ ...env, DATA_DIR: newDataDir() }),
      startServiceProcess({ ...env, DATA_DIR: newDataDir() }),
    ]);
    try {
      for (const service of services) expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
      expect(await appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      for (const service of services) service.child.kill('SIGTERM');
      await Promise.all(services.map((service) => service.exited));
    }
  }, 30_000);

  test("when MIGRATE_ON_START is false, then the service leaves the schema alone and turns ready once the migration step (the Job's command) has run", async () => {
    const env = { ...serviceEnv(database.settings), AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: newDataDir(), MIGRATE_ON_START: 'false' };
    const started = startServiceProcess(env, 30_000);
    const driver = new PgDriver(database.settings, () => undefined);
    try {
      // Not ready, and nothing migrated, while it waits.
      const tables = async () =>
        (await driver.primary.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'schema_migrations'"))
          .rows[0]!.n;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await tables()).toBe(0);

      // The migration Job's command, as the image runs it.
      const { stdout } = await run(process.execPath, ['dist/bootstrap/cli/migrate.js'], { env: { ...process.env, ...env } });
      expect(stdout).toContain('"msg":"database migrated"');
      expect(await appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
      const service = await started;
      expect(service.logs().some((l) => String(l['msg']).includes('waiting for the migration Job'))).toBe(true);
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
      service.child.kill('SIGTERM');
      await service.exited;
    } finally {
      await driver.close();
    }
  }, 40_000);

  test('when migration 3 meets profiles with and without avatars, then no avatar version can be issued twice and ready avatars stay shown', async () => {
    const driver = new PgDriver(database.settings, () => undefined);
    try {
      await migrate(
        driver,
        MIGRATIONS.filter((m) => m.version < 3),
      );
      const insert = `INSERT INTO profiles (id, owner_id, handle, email, display_name, avatar_status, avatar_version, created_at, updated_at, version)
        VALUES ($1, $2, $2, $2 || '@example.com', $2, $3, $4, now(), now(), $5)`;
      // One shows upload 2; one had its avatar removed at version 7 (upload 1 was issued before).
      await driver.primary.query(insert, ['00000000-0000-4000-8000-0000000000b1', 'shown', 'ready', 2, 4]);
      await driver.primary.query(insert, ['00000000-0000-4000-8000-0000000000b2', 'removed', null, null, 7]);
      await driver.primary.query(
        `INSERT INTO avatar_images (profile_id, size, content_type, bytes, version) VALUES ($1, 64, 'image/webp', '\\x00', 2)`,
        ['00000000-0000-4000-8000-0000000000b1'],
      );

      await migrate(driver);

      const { rows } = await driver.primary.query<{ owner_id: string; avatar_sequence: number; avatar_ready_version: number | null }>(
        'SELECT owner_id, avatar_sequence, avatar_ready_version FROM profiles ORDER BY owner_id',
      );
      expect(rows).toEqual([
        { owner_id: 'removed', avatar_sequence: 7, avatar_ready_version: null },
        { owner_id: 'shown', avatar_sequence: 4, avatar_ready_version: 2 },
      ]);
      // Renditions of another version of the same size may now live beside it.
      await driver.primary.query(
        `INSERT INTO avatar_images (profile_id, size, content_type, bytes, version) VALUES ($1, 64, 'image/webp', '\\x01', 5)`,
        ['00000000-0000-4000-8000-0000000000b1'],
      );
    } finally {
      await driver.close();
    }
  });
});
