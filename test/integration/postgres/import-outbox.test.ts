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
  svc = await startTestService({ env: { ...serviceEnv(database.settings), OUTBOX_POLL_INTERVAL: '10ms' } });
}, 30_000);
afterAll(async () => {
  await svc.stop();
  await database.drop();
});

test('when storing the import file is slow, then the task still runs with its file and succeeds', async () => {
  const admin = await svc.as('slow-importer', ['admin']);
  const lines = [1, 2, 3].map((n) => JSON.stringify({ ...aCreateBody(), ownerId: `slow-${n}` })).join('\n');
  // Another session holds task_inputs in SHARE mode for a second: writing a file waits for it.
  const blocker = new pg.Client({ ...database.settings });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE task_inputs IN SHARE MODE');
  const released = new Promise((resolve) => setTimeout(resolve, 1000)).then(async () => {
    await blocker.query('COMMIT');
    await blocker.end();
  });

  const accepted = await admin.request('POST', '/v1/profiles/import', { body: Buffer.from(lines), headers: { 'content-type': 'application/x-ndjson' } });
  await released;

  expect(accepted.status).toBe(202);
  const task = await admin.settledTask(accepted.headers.get('location')!);
  expect(task).toMatchObject({ status: 'succeeded', result: { created: 3, failed: 0 } });
}, 20_000);
