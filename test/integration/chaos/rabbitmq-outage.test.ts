// RabbitMQ through the fault proxy: while it is cut the API accepts work and the tasks wait
// in the outbox; once it is back every task runs, once. Also the delayed purge through the
// broker's delay queues.
import { aCreateBody } from '../../support/profile-builder.js';
import { eventually } from '../../support/eventually.js';
import type { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { aPng } from '../../support/images.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { deleteTopology, rabbitBehindProxy, testPrefix } from '../../support/rabbitmq.js';
import { startTestService, type Client, type TestService } from '../../support/test-service.js';

let database: TestDatabase;
let proxy: FaultProxy;
let svc: TestService | undefined;
let prefix: string;
beforeEach(async () => {
  database = await createTestDatabase();
  const behind = await rabbitBehindProxy();
  proxy = behind.proxy;
  prefix = testPrefix();
  svc = await startTestService({
    env: {
      ...serviceEnv(database.settings),
      QUEUE_DRIVER: 'rabbitmq',
      QUEUE_URI: behind.uri,
      QUEUE_PREFIX: prefix,
      OUTBOX_POLL_INTERVAL: '50ms',
      WORKER_CONCURRENCY: '8',
      PURGE_GRACE_PERIOD: '1500ms',
    },
  });
});
afterEach(async () => {
  await svc?.stop();
  await proxy.close();
  await deleteTopology(prefix);
  await database.drop();
});

/** A gauge's value from /metrics (the sum over its series). */
const gauge = async (client: Client, name: string) =>
  [...(await client.get('/metrics')).text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );

const queueState = async (client: Client) => (await client.get('/health/ready')).body.checks?.queue?.status as string | undefined;

test('when RabbitMQ is cut, then 200 avatar and import tasks are accepted, and once it is back each succeeds exactly once', async () => {
  const admin = await svc!.as('outage-admin', ['admin']);
  await eventually(async () => ((await queueState(admin)) === 'up' ? true : undefined), 15_000, 'queue up');
  const owners = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      const client = await svc!.as(`outage-owner-${i}`);
      const { id } = (await client.post('/v1/profiles', aCreateBody())).body;
      return { client, path: `/v1/profiles/${id}` };
    }),
  );
  const png = await aPng(96, 96);

  await proxy.cut();
  await eventually(async () => ((await queueState(admin)) === 'degraded' ? true : undefined), 15_000, 'queue degraded');
  // 200 writes that each store a file, at once: on a busy machine some pass the database's
  // write deadline and get 503 with Retry-After, which clients follow (that is not the queue's doing).
  const accepted = await Promise.all([
    ...owners.map(({ client, path }) => client.followingRetryAfter(() => client.put(`${path}/avatar`, png, 'image/png'))),
    ...Array.from({ length: 100 }, (_, i) =>
      admin.followingRetryAfter(() =>
        admin.request('POST', '/v1/profiles/import', {
          body: JSON.stringify({ ...aCreateBody(), ownerId: `imported-in-outage-${i}` }),
          headers: { 'content-type': 'application/x-ndjson' },
        }),
      ),
    ),
  ]);
  expect(accepted.map((r) => r.status)).toEqual(Array(200).fill(202));
  const locations = accepted.map((r) => r.headers.get('location')!);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await admin.get(locations[0]!)).body.status).toBe('queued');
  // The uploads' profile events wait in the outbox too.
  expect(await gauge(admin, 'events_outbox_backlog')).toBeGreaterThanOrEqual(100);

  await proxy.restore();
  const tasks = [];
  for (const location of locations) tasks.push(await admin.settledTask(location, 60_000));

  expect(tasks.map((t) => `${t.status}/${t.attempts}`)).toEqual(Array(200).fill('succeeded/1'));
  expect(tasks.slice(100).map((t) => t.result.created)).toEqual(Array(100).fill(1));
  const settled = svc!.logLines
    .filter((line) => line.includes('"task attempt settled"'))
    .map((line) => JSON.parse(line) as { taskId: string });
  expect(settled).toHaveLength(200);
  expect(new Set(settled.map((s) => s.taskId)).size).toBe(200);
  // And every event of the outage went out once RabbitMQ was back: the uploads', the avatars' and the imports'.
  await eventually(async () => ((await gauge(admin, 'events_outbox_backlog')) === 0 ? true : undefined), 15_000, 'events published');
  expect(await gauge(admin, 'events_published_total')).toBeGreaterThanOrEqual(100 + 100 + 100 + 100);
}, 120_000);

test('when a profile is deleted, then its purge runs after the grace period through the delay queues; a restore cancels it', async () => {
  const owner = await svc!.as('purge-owner');
  const keeper = await svc!.as('purge-keeper');
  const body = aCreateBody();
  const purged = (await owner.post('/v1/profiles', body)).body.id as string;
  const kept = (await keeper.post('/v1/profiles', aCreateBody())).body.id as string;
  const deletedAt = Date.now();
  await owner.delete(`/v1/profiles/${purged}`);
  await keeper.delete(`/v1/profiles/${kept}`);
  expect((await keeper.post(`/v1/profiles/${kept}/restore`)).status).toBe(200);

  const erasedAfter = await eventually(
    async () => ((await owner.post('/v1/profiles', body)).status === 201 ? Date.now() - deletedAt : undefined),
    20_000,
    'purge',
  );

  expect(erasedAfter).toBeGreaterThanOrEqual(1500);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await keeper.get(`/v1/profiles/${kept}`)).body.version).toBe(3);
}, 60_000);
