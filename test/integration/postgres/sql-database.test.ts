// The SQL database's start-up step against the real server, reached through a fault proxy: it
// waits for a server that is not there yet and migrates it once it answers; a refusal that
// waiting cannot mend ends start-up at once, naming the variable to fix; the probe follows.
import { Writable } from 'node:stream';
import pg from 'pg';
import { createLogger } from '../../../src/adapters/observability/logger.js';
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { SqlDatabase, type SqlDatabaseSettings } from '../../../src/adapters/postgres/sql-database.js';
import { StartupError } from '../../../src/adapters/settings/startup-error.js';
import { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

let db: TestDatabase;
let proxy: FaultProxy;
const opened: SqlDatabase[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  proxy = await FaultProxy.start({ host: db.settings.host, port: db.settings.port });
});
afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await proxy.close();
  await db.drop();
});

/** A SqlDatabase reaching the test database through the proxy (or naming another database), and the warnings it logs. */
function openDatabase(name = db.settings.database) {
  const warnings: string[] = [];
  const lines = new Writable({ write: (chunk: Buffer, _, done) => (warnings.push(String(JSON.parse(chunk.toString()).msg)), done()) });
  const settings: SqlDatabaseSettings = {
    driver: 'postgres',
    host: '127.0.0.1',
    port: proxy.port,
    name,
    tls: { mode: 'disable' },
    readTimeoutMs: 1000,
    writeTimeoutMs: 2000,
    breakerResetMs: 1000,
  };
  const driver = new PgDriver({ ...db.settings, host: settings.host, port: settings.port, database: name, connectTimeoutMs: 500 });
  const database = new SqlDatabase(driver, settings, createLogger({ name: 'sql-database', level: 'warn', stream: lines }));
  opened.push(database);
  return { database, warnings };
}

test('start-up waits for a server that is not there yet, then migrates it and turns the probe up', async () => {
  await proxy.cut();
  const { database, warnings } = openDatabase();
  const [probe] = database.probes;
  await expect(probe!.check().catch(() => 'down')).resolves.toBe('down');
  const prepared = database.prepare(new AbortController().signal);
  await eventually(
    () => Promise.resolve(warnings.includes('database not reachable yet; retrying') || undefined),
    10_000,
    'a retry warning',
  );
  await proxy.restore();
  await prepared;
  await expect(probe!.check()).resolves.toBe('up');
  const client = new pg.Client({ ...db.settings });
  await client.connect();
  const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM schema_migrations');
  await client.end();
  expect(Number(rows[0]!.count)).toBeGreaterThan(0);
});

test('a database that does not exist ends start-up at once, naming DB_NAME', async () => {
  await proxy.restore();
  const { database, warnings } = openDatabase('profiles_no_such_database');
  const failure = await database.prepare(new AbortController().signal).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(StartupError);
  expect((failure as Error).message).toBe('DB_NAME: the database "profiles_no_such_database" does not exist; create it first.');
  expect(warnings).toEqual([]);
});

test('a stop while the server is away ends the wait', async () => {
  await proxy.cut();
  const { database, warnings } = openDatabase();
  const stop = new AbortController();
  const prepared = database.prepare(stop.signal).catch((error: unknown) => error);
  await eventually(() => Promise.resolve(warnings.length > 0 || undefined), 10_000, 'a retry warning');
  stop.abort(new Error('stopping'));
  await expect(prepared).resolves.toBeInstanceOf(Error);
  await proxy.restore();
});
