// Large imports through the compiled server on PostgreSQL with the default in-process queue:
// the case where an accepted import used to die at once because the relay took its task
// before its file was stored.
import { aCreateBody } from '../../support/profile-builder.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { newDataDir, runNode, startServiceProcess, type ServiceProcess } from '../../support/service-process.js';

let database: TestDatabase;
let service: ServiceProcess;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = newDataDir();
  service = await startServiceProcess({ ...serviceEnv(database.settings), DATA_DIR: dataDir });
}, 30_000);
afterAll(async () => {
  service.child.kill('SIGTERM');
  await service.exited;
  await database.drop();
});

/** About `bytes` of NDJSON: `valid` profiles, then lines that fail validation (no ownerId), padded with a long bio. */
function importFile(batch: number, valid: number, bytes: number): Buffer {
  const lines = Array.from({ length: valid }, (_, i) => JSON.stringify({ ...aCreateBody(), ownerId: `big-${batch}-${i}` }));
  const filler = JSON.stringify({ ...aCreateBody(), bio: 'x'.repeat(480) });
  while (lines.length * (filler.length + 1) < bytes) lines.push(filler);
  return Buffer.from(lines.join('\n'));
}

test('when ten imports of about 7 MB are posted in a row, then every one succeeds with its lines counted', async () => {
  const minted = await runNode('dist/bootstrap/cli/token.js', ['--sub', 'bulk-admin', '--role', 'admin'], { DATA_DIR: dataDir });
  const headers = { authorization: `Bearer ${minted.stdout.trim()}` };
  const accepted: { location: string; lines: number }[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const file = importFile(batch, 20, 7 * 1024 * 1024);
    const response = await fetch(`${service.url}/v1/profiles/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      body: file,
    });
    expect(response.status).toBe(202);
    accepted.push({ location: response.headers.get('location')!, lines: file.toString().split('\n').length });
  }

  for (const { location, lines } of accepted) {
    let task: { status: string; result: { created: number; failed: number } | null } | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      task = (await (await fetch(`${service.url}${location}`, { headers })).json()) as typeof task;
      if (task!.status === 'succeeded' || task!.status === 'dead') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(task).toMatchObject({ status: 'succeeded', result: { created: 20, failed: lines - 20 } });
  }
}, 180_000);
