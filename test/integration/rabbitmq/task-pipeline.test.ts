// The task pipeline on PostgreSQL and RabbitMQ.
import { PgDriver } from '../../../src/adapters/postgres/pg-driver.js';
import { migrate } from '../../../src/adapters/postgres/migrations.js';
import { SqlTaskStore } from '../../../src/adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../../src/adapters/postgres/sql-unit-of-work.js';
import { taskPipelineScenarios } from '../../contract/task-pipeline.scenarios.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { drainDeadLetters, rabbitUri } from '../../support/rabbitmq.js';
import { closeRascalQueues, openRascalQueue } from '../../support/rascal-queue.js';

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
afterEach(() => closeRascalQueues());

taskPipelineScenarios('postgres + rabbitmq', async () => {
  const { queue, prefix } = await openRascalQueue(await rabbitUri());
  return { uow: new SqlUnitOfWork(driver), tasks: new SqlTaskStore(driver.primary), queue, deadLetters: () => drainDeadLetters(prefix) };
});
