// An accepted import is never handed to a worker before its file is stored: on PostgreSQL the
// task and its NDJSON file are written in one transaction, whatever the relay does meanwhile.
import pg from 'pg';
import { aCreateBody } from '../../support/profile-builder.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { startTestService, type TestService } from '../../support/test-service.js';

let database: TestDatabase;
let svc: TestService;
beforeAll(async () => {
  database = await createTestDatabase();
  // The relay polls every 10 ms: any moment a task row is visible without its file, it is taken.
  // The write deadline outlasts the slow write below.
  svc = await startTestService({ env: { ...serviceEnv(database.settings), OUTBOX_POLL_INTERVAL: '10ms', DB_WRITE_TIMEOUT: '5s' } });
}, 30_000);
afterAll(async () => {
  await svc.stop();
  await database.drop();
}, 30_000);

/** Another session holds task_inputs in SHARE mode for `ms` (writing a file waits for it); `released` resolves after. */
async function holdTaskInputs(ms: number, db: TestDatabase = database): Promise<{ released: Promise<void> }> {
  const blocker = new pg.Client({ ...db.settings });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE task_inputs IN SHARE MODE');
  const released = new Promise((resolve) => setTimeout(resolve, ms)).then(async () => {
    await blocker.query('COMMIT');
    await blocker.end();
  });
  return { released };
}

test('when storing the import file is slow, then the task still runs with its file and succeeds', async () => {
  const admin = await svc.as('slow-importer', ['admin']);
  const lines = [1, 2, 3].map((n) => JSON.stringify({ ...aCreateBody(), ownerId: `slow-${n}` })).join('\n');
  const { released } = await holdTaskInputs(1000);

  const accepted = await admin.request('POST', '/v1/profiles/import', {
    body: Buffer.from(lines),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  await released;

  expect(accepted.status).toBe(202);
  const task = await admin.settledTask(accepted.headers.get('location')!);
  expect(task).toMatchObject({ status: 'succeeded', result: { created: 3, failed: 0 } });
}, 20_000);

test('when storing the import file outlasts the write deadline, then 503 and nothing is left behind: the transaction is rolled back, not committed later', async () => {
  const impatient = await startTestService({ env: { ...serviceEnv(database.settings), DB_WRITE_TIMEOUT: '300ms' } });
  try {
    const admin = await impatient.as('impatient-importer', ['admin']);
    const lines = JSON.stringify({ ...aCreateBody(), ownerId: 'never-imported' });
    const { released } = await holdTaskInputs(1000);

    const refused = await admin.request('POST', '/v1/profiles/import', {
      body: Buffer.from(lines),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    await released;
    // Long enough for a transaction that kept going to commit.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(refused.status).toBe(503);
    const client = new pg.Client({ ...database.settings });
    await client.connect();
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE requested_by = 'impatient-importer'");
    await client.end();
    expect(rows[0]!.n).toBe(0);
  } finally {
    await impatient.stop();
  }
}, 20_000);

test('when storing a large import file takes longer than the write deadline of a few rows, then it is allowed the time its size needs and accepted', async () => {
  // 300 ms fits a few rows; a 16 MiB file is allowed a quarter of that more per MiB (1.5 s in all).
  // Its own database: the 30,000-line task it accepts is no work for the other tests' service.
  const own = await createTestDatabase();
  const patient = await startTestService({
    env: { ...serviceEnv(own.settings), DB_WRITE_TIMEOUT: '300ms', IMPORT_MAX_BYTES: String(32 * 1024 * 1024), WORKER_ENABLED: 'false' },
  });
  try {
    const admin = await patient.as('large-importer', ['admin']);
    const line = JSON.stringify({ ...aCreateBody(), ownerId: 'large-import', bio: 'x'.repeat(480) });
    const file = Buffer.from(
      Array(Math.ceil((16 * 1024 * 1024) / (line.length + 1)))
        .fill(line)
        .join('\n'),
    );
    const { released } = await holdTaskInputs(500, own);

    const accepted = await admin.request('POST', '/v1/profiles/import', {
      body: file,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    await released;

    expect(accepted.status).toBe(202);
  } finally {
    await patient.stop();
    await own.drop();
  }
}, 30_000);
