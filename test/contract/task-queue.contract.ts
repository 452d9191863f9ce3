import type { TaskMessage, TaskQueue } from '../../src/domain/ports/task-queue.js';

/** Resolves when `count` items have arrived, or rejects after `ms`. */
function arrivals<T>(count: number, ms = 5000) {
  const items: T[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    items,
    push(item: T) {
      items.push(item);
      if (items.length === count) resolve();
    },
    wait: () =>
      Promise.race([done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${items.length} of ${count} arrived`)), ms).unref())]),
  };
}

export function taskQueueContract(name: string, makeQueue: () => Promise<TaskQueue>): void {
  describe(`TaskQueue contract: ${name}`, () => {
    const message = (n: number): TaskMessage => ({ taskId: `task-${n}`, type: 'profile.purge' });

    test('when messages are published, then a consumer receives each of them', async () => {
      const queue = await makeQueue();
      const got = arrivals<string>(3);
      const consumer = await queue.consume((m) => Promise.resolve(got.push(m.taskId)));
      for (const n of [1, 2, 3]) await queue.publish(message(n));
      await got.wait();
      expect(got.items.sort()).toEqual(['task-1', 'task-2', 'task-3']);
      await consumer.stop();
    });

    test('when a delayed message is published, then it arrives no sooner than its delay', async () => {
      const queue = await makeQueue();
      const got = arrivals<number>(1);
      const consumer = await queue.consume(() => Promise.resolve(got.push(Date.now())));
      const sent = Date.now();
      await queue.publish(message(4), { delayMs: 300 });
      await got.wait();
      expect(got.items[0]! - sent).toBeGreaterThanOrEqual(290);
      await consumer.stop();
    });

    test('when the handler fails, then the message is delivered again', async () => {
      const queue = await makeQueue();
      const got = arrivals<string>(2);
      const consumer = await queue.consume((m) => {
        got.push(m.taskId);
        return got.items.length === 1 ? Promise.reject(new Error('first attempt fails')) : Promise.resolve();
      });
      await queue.publish(message(5));
      await got.wait();
      expect(got.items).toEqual(['task-5', 'task-5']);
      await consumer.stop();
    });

    test('when a message is published before anyone consumes, then it waits for a consumer', async () => {
      const queue = await makeQueue();
      await queue.publish(message(6));
      const got = arrivals<string>(1);
      const consumer = await queue.consume((m) => Promise.resolve(got.push(m.taskId)));
      await got.wait();
      expect(got.items).toEqual(['task-6']);
      await consumer.stop();
    });
  });
}
