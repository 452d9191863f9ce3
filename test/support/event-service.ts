// The service as it publishes profile events: on a PostgreSQL database and a RabbitMQ prefix of
// its own, with an events exchange of its own; ready once its queue is connected. `stop` removes
// what it made (the service, its exchange and queues, its database).
import amqplib from 'amqplib';
import { eventually } from './eventually.js';
import { createTestDatabase, serviceEnv } from './postgres.js';
import { deleteTopology, rabbitUri, testPrefix } from './rabbitmq.js';
import { startTestService, type TestService } from './test-service.js';

export interface EventingService {
  readonly svc: TestService;
  /** The broker the events go to. */
  readonly uri: string;
  readonly prefix: string;
  /** The exchange the service publishes its events on. */
  readonly exchange: string;
  stop(): Promise<void>;
}

export async function startEventingService(): Promise<EventingService> {
  const database = await createTestDatabase();
  const prefix = testPrefix();
  const exchange = `${prefix}.profile-events`;
  const uri = await rabbitUri();
  const svc = await startTestService({
    env: {
      ...serviceEnv(database.settings),
      QUEUE_DRIVER: 'rabbitmq',
      QUEUE_URI: uri,
      QUEUE_PREFIX: prefix,
      EVENTS_EXCHANGE: exchange,
      OUTBOX_POLL_INTERVAL: '50ms',
    },
  });
  const queueStatus = async () =>
    ((await svc.anonymous().get('/health/ready')).body as { checks?: { queue?: { status?: string } } }).checks?.queue?.status;
  await eventually(async () => ((await queueStatus()) === 'up' ? true : undefined), 15_000, 'queue up');
  return {
    svc,
    uri,
    prefix,
    exchange,
    async stop() {
      await svc.stop();
      const connection = await amqplib.connect(uri);
      const channel = await connection.createChannel();
      await channel.deleteExchange(exchange).catch(() => undefined);
      await connection.close();
      await deleteTopology(prefix);
      await database.drop();
    },
  };
}
