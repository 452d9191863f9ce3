// The queue port's contract on RabbitMQ through Rascal.
import { taskQueueContract } from '../../contract/task-queue.contract.js';
import { closeRascalQueues, openRascalQueue } from '../../support/rascal-queue.js';
import { drainDeadLetters, rabbitBehindProxy, rabbitUri, testPrefix } from '../../support/rabbitmq.js';

afterEach(() => closeRascalQueues());

describe.each(['classic', 'quorum'] as const)('on %s queues', (queueType) => {
  taskQueueContract(`rabbitmq, ${queueType} queues`, async () => {
    const { queue, prefix } = await openRascalQueue(await rabbitUri(), testPrefix(), queueType);
    return { queue, deadLetters: () => drainDeadLetters(prefix) };
  });
});

describe('reconnection', () => {
  test('when the link to RabbitMQ comes back after a cut, then the queue is in use again within about a second, not after a long backoff', async () => {
    const { proxy, uri } = await rabbitBehindProxy();
    try {
      const { queue } = await openRascalQueue(uri);
      await proxy.cut();
      // Long enough for an uncapped backoff (1 s doubling) to grow past several seconds.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      await proxy.restore();
      const restored = Date.now();
      while (!queue.isConnected && Date.now() - restored < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));

      expect(queue.isConnected).toBe(true);
      // The cap is 1 s; the bound leaves room for a busy machine, and is far below the 6-7 s an uncapped backoff took here.
      expect(Date.now() - restored).toBeLessThan(3000);
    } finally {
      await proxy.close();
    }
  }, 30_000);
});
