// The queue port's contract on RabbitMQ through Rascal.
import { taskQueueContract } from '../../contract/task-queue.contract.js';
import { closeRascalQueues, openRascalQueue } from '../../support/rascal-queue.js';
import { drainDeadLetters, rabbitUri } from '../../support/rabbitmq.js';

afterEach(() => closeRascalQueues());

taskQueueContract('rabbitmq', async () => {
  const { queue, prefix } = await openRascalQueue(await rabbitUri());
  return { queue, deadLetters: () => drainDeadLetters(prefix) };
});
