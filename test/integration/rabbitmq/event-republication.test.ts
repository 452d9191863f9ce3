// Re-publication as it happens in production: the process relaying a batch of events is killed
// in the middle of it, and another process takes over. A consumer bound to the exchange gets
// every event; the ones it got twice come again under the same id, never under a new one.
import { randomBytes } from 'node:crypto';
import amqplib, { type ChannelModel } from 'amqplib';
import { mintToken } from '../../../src/adapters/http/auth/jwt.js';
import { eventually } from '../../support/eventually.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { deleteTopology, rabbitBehindProxy, testPrefix } from '../../support/rabbitmq.js';
import { newDataDir, startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import type { FaultProxy } from '../../../tools/chaos/fault-proxy.js';

const PROFILES = 300;
const SECRET = randomBytes(32).toString('base64url');

let database: TestDatabase;
let prefix: string;
let exchange: string;
let broker: { proxy: FaultProxy; uri: string; direct: string };
let consumer: ChannelModel;
const services: ServiceProcess[] = [];
const received: { id: string; subject: string; type: string }[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  prefix = testPrefix();
  exchange = `${prefix}.profile-events`;
  broker = await rabbitBehindProxy();
  consumer = await amqplib.connect(broker.direct);
  const channel = await consumer.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, 'profile.#');
  await channel.consume(
    queue,
    (message) => {
      if (message !== null) received.push(JSON.parse(message.content.toString()) as { id: string; subject: string; type: string });
    },
    { noAck: true },
  );
}, 30_000);

afterEach(async () => {
  for (const service of services.splice(0)) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
  const channel = await consumer.createChannel();
  await channel.deleteExchange(exchange);
  await consumer.close();
  await broker.proxy.close();
  await deleteTopology(prefix);
  await database.drop();
});

test('when the relaying process is killed mid-batch and another takes over, then every event arrives, and repeats only under their first id', async () => {
  const env = {
    ...serviceEnv(database.settings),
    DATA_DIR: newDataDir(),
    AUTH_JWT_SECRET: SECRET,
    QUEUE_DRIVER: 'rabbitmq',
    QUEUE_URI: broker.uri,
    QUEUE_PREFIX: prefix,
    EVENTS_EXCHANGE: exchange,
    OUTBOX_POLL_INTERVAL: '50ms',
    RATE_LIMIT_WRITES: String(PROFILES * 2),
  };
  const first = await startServiceProcess(env);
  services.push(first);
  const token = await mintToken(
    { secret: new TextEncoder().encode(SECRET) },
    { subject: 'republication-admin', roles: ['admin'], ttlSeconds: 600 },
  );
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // RabbitMQ away while the profiles are made: their events pile up in the outbox.
  await broker.proxy.cut();
  const created: string[] = [];
  for (let i = 0; i < PROFILES; i += 20) {
    const replies = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const reply = await fetch(`${first.url}/v1/profiles`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ ...aCreateBody(), ownerId: `rep-${randomBytes(4).toString('hex')}` }),
        });
        expect(reply.status).toBe(201);
        return ((await reply.json()) as { id: string }).id;
      }),
    );
    created.push(...replies);
  }

  // Back: the relay hands over its first batch. At the first event seen, the link goes silent
  // (no confirm can come back) and the process dies: that batch is never marked published.
  await broker.proxy.restore();
  await eventually(() => Promise.resolve(received.length > 0 ? true : undefined), 20_000, 'a first event');
  broker.proxy.blackhole();
  first.child.kill('SIGKILL');
  await first.exited;
  const beforeTakeover = received.length;
  await broker.proxy.restore();

  services.push(await startServiceProcess({ ...env, QUEUE_URI: broker.direct }));
  const subjects = () => new Set(received.filter((e) => e.type === 'io.profileservice.profile.created.v1').map((e) => e.subject));
  await eventually(() => Promise.resolve(created.every((id) => subjects().has(id)) ? true : undefined), 30_000, 'every event');

  const idsBySubject = new Map<string, Set<string>>();
  for (const event of received) idsBySubject.set(event.subject, (idsBySubject.get(event.subject) ?? new Set()).add(event.id));
  const repeats = received.length - new Set(received.map((e) => e.id)).size;
  expect({
    missing: created.filter((id) => !subjects().has(id)).length,
    subjectsUnderTwoIds: [...idsBySubject.values()].filter((ids) => ids.size > 1).length,
    repeatedSomeOfTheFirstProcess: repeats > 0 && repeats <= beforeTakeover,
  }).toEqual({ missing: 0, subjectsUnderTwoIds: 0, repeatedSomeOfTheFirstProcess: true });
}, 90_000);
