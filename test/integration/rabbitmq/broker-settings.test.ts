// RabbitMQ as it runs in production, on the machine's broker: several node URLs, queues an
// operator declared with another type, and a broker that lost the messages it held.
import amqplib from 'amqplib';
import { topologyNames } from '../../../src/adapters/rabbitmq/topology.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { deleteTopology, messageCount, rabbitUri, testPrefix } from '../../support/rabbitmq.js';
import { startTestService, type TestService } from '../../support/test-service.js';

let database: TestDatabase;
let prefix: string;
const services: TestService[] = [];
beforeEach(async () => {
  database = await createTestDatabase();
  prefix = testPrefix();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
  await deleteTopology(prefix).catch(() => undefined);
  await database.drop();
});

async function start(env: Record<string, string>): Promise<TestService> {
  const service = await startTestService({
    env: { ...serviceEnv(database.settings), QUEUE_DRIVER: 'rabbitmq', QUEUE_PREFIX: prefix, OUTBOX_POLL_INTERVAL: '50ms', ...env },
  });
  services.push(service);
  return service;
}

const queueCheck = async (service: TestService) =>
  (await service.anonymous().get('/health/ready')).body.checks.queue as { status: string; reason?: string };

/** Submits `count` imports of one line each; their task locations. */
async function imports(service: TestService, count: number): Promise<string[]> {
  const admin = await service.as('broker-admin', ['admin']);
  const accepted = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      admin.request('POST', '/v1/profiles/import', {
        body: JSON.stringify({ ...aCreateBody(), ownerId: `stranded-${prefix}-${i}` }),
        headers: { 'content-type': 'application/x-ndjson' },
      }),
    ),
  );
  expect(accepted.map((r) => r.status)).toEqual(Array(count).fill(202));
  return accepted.map((r) => r.headers.get('location')!);
}

test('when the broker loses the messages it held, then every task still runs, once TASK_REPUBLISH_AFTER has passed', async () => {
  // This instance only accepts: its tasks wait on the broker, where they are lost.
  const api = await start({ WORKER_ENABLED: 'false', TASK_REPUBLISH_AFTER: '2s' });
  await eventually(async () => ((await queueCheck(api)).status === 'up' ? true : undefined), 15_000, 'queue up');
  const locations = await imports(api, 5);
  const work = topologyNames(prefix).workQueue;
  await eventually(async () => ((await messageCount(work)) === 5 ? true : undefined), 10_000, 'five messages on the broker');
  const connection = await amqplib.connect(await rabbitUri());
  await (await connection.createChannel()).purgeQueue(work);
  await connection.close();

  await start({ TASK_REPUBLISH_AFTER: '2s' });
  const admin = await api.as('broker-admin', ['admin']);
  for (const location of locations) expect((await admin.settledTask(location, 20_000)).status).toBe('succeeded');
  expect(api.logLines.join('')).toMatch(/"count":5,.*never started within TASK_REPUBLISH_AFTER/);
  expect((await api.anonymous().get('/metrics')).text).toMatch(/^tasks_republished_total{component="api"} 5$/m);
}, 60_000);

test('when QUEUE_URI lists two nodes, the first unreachable, then the service works through the second and no password is ever logged', async () => {
  const working = new URL(await rabbitUri());
  const service = await start({ QUEUE_URI: `amqp://guest:first-node-secret@127.0.0.1:1/,${working.toString()}` });
  const up = await eventually(async () => ((await queueCheck(service)).status === 'up' ? true : undefined), 15_000, 'queue up').catch(
    () => false,
  );
  // Whatever the service said while it tried the nodes holds no password.
  const logs = service.logLines.join('');
  expect(logs).not.toContain('first-node-secret');
  expect(logs).not.toContain(`:${decodeURIComponent(working.password)}@`);
  expect(up).toBe(true);
  const [location] = await imports(service, 1);
  expect((await (await service.as('broker-admin', ['admin'])).settledTask(location!, 15_000)).status).toBe('succeeded');
}, 30_000);

test('when the broker holds classic queues and QUEUE_TYPE says quorum (an upgrade), then /health and one log line name QUEUE_TYPE; with classic the tasks run', async () => {
  // The queues of an earlier deployment, classic.
  const earlier = await start({ QUEUE_TYPE: 'classic' });
  await eventually(async () => ((await queueCheck(earlier)).status === 'up' ? true : undefined), 15_000, 'queue up');
  await earlier.stop();
  services.splice(services.indexOf(earlier), 1);

  const wrong = await start({ QUEUE_TYPE: 'quorum' });
  const report = await eventually(
    async () => {
      const check = await queueCheck(wrong);
      return check.status === 'down' ? check : undefined;
    },
    15_000,
    'queue down',
  );
  expect(report.reason).toMatch(
    /^QUEUE_TYPE: the broker holds a queue of this service with other arguments than the quorum queues it declares/,
  );
  expect(wrong.logLines.filter((line) => line.includes('"setting":"QUEUE_TYPE"'))).toHaveLength(1);
  expect((await wrong.anonymous().get('/health/ready')).status).toBe(200);
  await wrong.stop();
  services.splice(services.indexOf(wrong), 1);

  const right = await start({ QUEUE_TYPE: 'classic' });
  await eventually(async () => ((await queueCheck(right)).status === 'up' ? true : undefined), 15_000, 'queue up');
  const [location] = await imports(right, 1);
  expect((await (await right.as('broker-admin', ['admin'])).settledTask(location!, 15_000)).status).toBe('succeeded');
}, 60_000);
