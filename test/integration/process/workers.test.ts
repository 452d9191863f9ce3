// Worker processes (`npm run worker`, compiled) on PostgreSQL and RabbitMQ: several share the
// work without doing any task twice, and a worker killed mid-task loses nothing.
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { migrate } from '../../../src/adapters/postgres/migrations.js';
import { SqlTaskStore } from '../../../src/adapters/postgres/sql-task-store.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { deleteTopology, rabbitBehindProxy, rabbitUri, testPrefix } from '../../support/rabbitmq.js';
import { newDataDir, startWorkerProcess, type ServiceProcess } from '../../support/service-process.js';
import { aTask } from '../../support/task-builder.js';

let database: TestDatabase;
let driver: PgDriver;
let prefix: string;
let workers: ServiceProcess[] = [];
beforeEach(async () => {
  database = await createTestDatabase();
  driver = new PgDriver(database.settings, () => undefined);
  await migrate(driver);
  prefix = testPrefix();
});
afterEach(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  await driver.close();
  await deleteTopology(prefix);
  await database.drop();
});

const workerEnv = async (extra: Record<string, string> = {}) => ({
  ...serviceEnv(database.settings),
  QUEUE_DRIVER: 'rabbitmq',
  QUEUE_URI: await rabbitUri(),
  QUEUE_PREFIX: prefix,
  DATA_DIR: newDataDir(),
  AUTH_JWT_SECRET: 'a-worker-test-secret-of-at-least-32-bytes',
  OUTBOX_POLL_INTERVAL: '50ms',
  LOG_LEVEL: 'info',
  ...extra,
});

/** Adds import tasks, each with its NDJSON file of `lines` profiles. */
async function addImports(count: number, lines: number): Promise<string[]> {
  const tasks = new SqlTaskStore(driver.primary);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const task = aTask({ requestedBy: 'admin' });
    const ndjson = Array.from({ length: lines }, (_, l) => JSON.stringify({ ...aCreateBody(), ownerId: `w-${i}-${l}` })).join('\n');
    await tasks.add(task, Buffer.from(ndjson));
    ids.push(task.id);
  }
  return ids;
}

const count = async (sql: string) => (await driver.primary.query<{ n: number }>(sql)).rows[0]!.n;
const settledByWorker = (worker: ServiceProcess) =>
  worker
    .logs()
    .filter((l) => l['msg'] === 'task attempt settled' && l['status'] === 'succeeded')
    .map((l) => String(l['taskId']));

test('when two worker processes share 1000 tasks, then each task is completed exactly once, by one of them', async () => {
  const ids = await addImports(1000, 1);
  workers = await Promise.all([startWorkerProcess(await workerEnv()), startWorkerProcess(await workerEnv())]);

  await eventually(
    async () => ((await count("SELECT count(*)::int AS n FROM tasks WHERE status = 'succeeded'")) === 1000 ? true : undefined),
    120_000,
    'all tasks succeeded',
  );

  expect(await count('SELECT count(*)::int AS n FROM tasks WHERE attempts <> 1')).toBe(0);
  expect(await count('SELECT count(*)::int AS n FROM profiles')).toBe(1000);
  const [first, second] = workers.map(settledByWorker);
  expect(first!.length).toBeGreaterThan(0);
  expect(second!.length).toBeGreaterThan(0);
  expect([...first!, ...second!].sort()).toEqual([...ids].sort());
}, 180_000);

test('when a worker is killed with SIGKILL in the middle of a task, then the task is delivered again and finishes, every line once', async () => {
  const [taskId] = await addImports(1, 1500);
  const env = await workerEnv({ TASK_LEASE: '1s' });
  const doomed = await startWorkerProcess(env);
  workers.push(doomed);
  await eventually(
    async () => ((await count('SELECT count(*)::int AS n FROM profiles')) >= 100 ? true : undefined),
    60_000,
    'the import under way',
  );

  doomed.child.kill('SIGKILL');
  await doomed.exited;
  const madeBeforeKill = await count('SELECT count(*)::int AS n FROM profiles');
  expect(madeBeforeKill).toBeLessThan(1500);
  workers.push(await startWorkerProcess(env));

  const task = await eventually(
    async () => {
      const t = await new SqlTaskStore(driver.primary).findById(taskId!);
      return t?.status === 'succeeded' ? t : undefined;
    },
    90_000,
    'the import finished',
  );
  expect(task.attempts).toBe(2);
  expect(task.result).toMatchObject({ created: 1500, failed: 0 });
  expect(await count('SELECT count(*)::int AS n FROM profiles')).toBe(1500);
}, 180_000);

test('when a worker gets SIGTERM in the middle of a task, then it finishes the task before it exits 0', async () => {
  const [taskId] = await addImports(1, 1500);
  const worker = await startWorkerProcess(await workerEnv());
  workers.push(worker);
  await eventually(
    async () => ((await count('SELECT count(*)::int AS n FROM profiles')) >= 100 ? true : undefined),
    60_000,
    'the import under way',
  );

  worker.child.kill('SIGTERM');

  expect(await worker.exited).toBe(0);
  const task = await new SqlTaskStore(driver.primary).findById(taskId!);
  expect(task).toMatchObject({ status: 'succeeded', attempts: 1, result: { created: 1500, failed: 0 } });
}, 120_000);

test('when a worker runs, then it serves live, ready and metrics on its own port; ready follows its queue connection', async () => {
  const { proxy, uri } = await rabbitBehindProxy();
  try {
    const worker = await startWorkerProcess(await workerEnv({ QUEUE_URI: uri }));
    workers.push(worker);
    const [taskId] = await addImports(1, 1);
    await eventually(async () => ((await new SqlTaskStore(driver.primary).findById(taskId!))?.status === 'succeeded' ? true : undefined));

    expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${worker.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, { critical: boolean }> }).checks['queue']).toMatchObject({
      status: 'up',
      critical: true,
    });
    expect(await (await fetch(`${worker.url}/metrics`)).text()).toMatch(
      /^task_attempts_total\{type="profile.import",outcome="succeeded",component="worker"\} 1$/m,
    );
    // No API here.
    expect((await fetch(`${worker.url}/v1/profiles`)).status).toBe(404);

    await proxy.cut();
    await eventually(
      async () => ((await fetch(`${worker.url}/health/ready`)).status === 503 ? true : undefined),
      10_000,
      'the worker not ready without its queue',
    );
    await proxy.restore();
    await eventually(
      async () => ((await fetch(`${worker.url}/health/ready`)).status === 200 ? true : undefined),
      10_000,
      'the worker ready again',
    );
  } finally {
    await proxy.close();
  }
}, 60_000);
