// RabbitMQ over TLS as managed brokers take it (Amazon MQ, CloudAMQP): a TLS-only node of the
// test's own that wants a client certificate, with a CA the test makes.
import { LocalRabbit } from '../../../tools/rabbitmq/local-rabbitmq.js';
import { TestCa, type Issued } from '../../../tools/tls/test-ca.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { testPrefix } from '../../support/rabbitmq.js';
import { startTestService, type TestService } from '../../support/test-service.js';

let ca: TestCa;
let stranger: TestCa;
let client: Issued;
let node: LocalRabbit;
let database: TestDatabase;
let svc: TestService | undefined;

beforeAll(async () => {
  [ca, stranger] = await Promise.all([TestCa.create('RabbitMQ Test CA'), TestCa.create('Another CA')]);
  const certificate = await ca.server({ dns: ['localhost'] });
  client = await ca.client('profile-service');
  node = await LocalRabbit.tlsOnly({ certFile: certificate.certFile, keyFile: certificate.keyFile, caFile: ca.certFile });
  database = await createTestDatabase();
}, 90_000);
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});
afterAll(async () => {
  await node?.remove();
  await database?.drop();
  ca?.remove();
  stranger?.remove();
});

const env = (extra: Record<string, string>) => ({
  ...serviceEnv(database.settings),
  QUEUE_DRIVER: 'rabbitmq',
  QUEUE_URI: node.uri,
  QUEUE_PREFIX: testPrefix(),
  QUEUE_TLS_CA: ca.certFile,
  QUEUE_TLS_CERT: client.certFile,
  QUEUE_TLS_KEY: client.keyFile,
  ...extra,
});

const queueCheck = async () => (await svc!.anonymous().get('/health/ready')).body.checks.queue as { status: string; reason?: string };

test('when amqps:// is given the CA and a client certificate, then tasks go through the TLS-only broker', async () => {
  svc = await startTestService({ env: env({}) });
  await eventually(async () => ((await queueCheck()).status === 'up' ? true : undefined), 20_000, 'queue up');
  const admin = await svc.as('tls-admin', ['admin']);
  const accepted = await admin.request('POST', '/v1/profiles/import', {
    body: JSON.stringify({ ...aCreateBody(), ownerId: 'over-tls' }),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(accepted.status).toBe(202);
  expect((await admin.settledTask(accepted.headers.get('location')!, 20_000)).status).toBe('succeeded');
}, 60_000);

test("when the broker's certificate is from another CA, then the queue is reported down naming QUEUE_TLS_CA, and the service stays ready", async () => {
  svc = await startTestService({ env: env({ QUEUE_TLS_CA: stranger.certFile }) });
  const check = await eventually(
    async () => {
      const found = await queueCheck();
      return found.status === 'down' ? found : undefined;
    },
    20_000,
    'queue down',
  );
  expect(check.reason).toMatch(/^QUEUE_TLS_CA: the broker's certificate is not trusted/);
  expect((await svc.anonymous().get('/health/ready')).status).toBe(200);
}, 60_000);
