// The task pipeline on PostgreSQL and RabbitMQ.
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { migrate } from '../../../src/adapters/postgres/migrations.js';
import { SqlTaskStore } from '../../../src/adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../../src/adapters/postgres/sql-unit-of-work.js';
import { taskPipelineScenarios } from '../../contract/task-pipeline.scenarios.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { drainDeadLetters, rabbitBehindProxy } from '../../support/rabbitmq.js';
import type { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { closeRascalQueues, openRascalQueue } from '../../support/rascal-queue.js';
import { profileRenderer } from '../../../src/adapters/events/event-document.js';

let database: TestDatabase;
let driver: PgDriver;
beforeAll(async () => {
  database = await createTestDatabase();
  driver = new PgDriver(database.settings, () => undefined);
  await migrate(driver);
});
afterAll(async () => {
  await driver.close();
  await database.drop();
});
const proxies: FaultProxy[] = [];
afterEach(async () => {
  await closeRascalQueues();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

taskPipelineScenarios('postgres + rabbitmq', async () => {
  // The first process reaches RabbitMQ through a proxy, so that its death can drop its connection.
  const { proxy, uri, direct } = await rabbitBehindProxy();
  proxies.push(proxy);
  const { queue, prefix } = await openRascalQueue(uri);
  return {
    uow: new SqlUnitOfWork(driver, profileRenderer({ includePrivate: false })),
    tasks: new SqlTaskStore(driver.primary),
    queue,
    deadLetters: () => drainDeadLetters(prefix),
    // A killed process's connection drops: the broker keeps its messages and requeues what it held unacknowledged.
    restart: async () => {
      await proxy.cut();
      return (await openRascalQueue(direct, prefix)).queue;
    },
  };
});
