import type { Settlement, TaskMessage, TaskQueue } from '../../src/domain/ports/task-queue.js';

/** Resolves when `count` items have arrived, or rejects after `ms`. */
export function arrivals<T>(count: number, ms = 10_000) {
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
      Promise.race([
        done,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${items.length} of ${count} arrived`)), ms).unref()),
      ]),
  };
}

export interface TaskQueueFixture {
  readonly queue: TaskQueue;
  /** The messages given up on, as the adapter keeps them (a dead-letter queue). */
  deadLetters(): Promise<TaskMessage[]>;
}

const DONE: Settlement = { outcome: 'done' };

export function taskQueueContract(name: string, makeQueue: () => Promise<TaskQueueFixture>): void {
  describe(`TaskQueue contract: ${name}`, () => {
    const message = (n: number): TaskMessage => ({
      taskId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      type: 'profile.purge',
    });

    test('when messages are published, then a consumer receives each of them', async () => {
      const { queue } = await makeQueue();
      const got = arrivals<string>(3);
      const consumer = await queue.consume((m) => Promise.resolve((got.push(m.taskId), DONE)));
      for (const n of [1, 2, 3]) await queue.publish(message(n));
      await got.wait();
      expect(got.items.sort()).toEqual([message(1).taskId, message(2).taskId, message(3).taskId]);
      await consumer.stop();
    });

    test('when a delayed message is published, then it arrives no sooner than its delay', async () => {
      const { queue } = await makeQueue();
      const got = arrivals<number>(1);
      const consumer = await queue.consume(() => Promise.resolve((got.push(Date.now()), DONE)));
      const sent = Date.now();
      await queue.publish(message(4), { delayMs: 700 });
      await got.wait();
      expect(got.items[0]! - sent).toBeGreaterThanOrEqual(690);
      await consumer.stop();
    });

    test('when the handler settles a retry, then the message comes back after the delay', async () => {
      const { queue } = await makeQueue();
      const got = arrivals<number>(2);
      const consumer = await queue.consume(() => {
        got.push(Date.now());
        return Promise.resolve(got.items.length === 1 ? { outcome: 'retry', delayMs: 400 } : DONE);
      });
      await queue.publish(message(5));
      await got.wait();
      expect(got.items[1]! - got.items[0]!).toBeGreaterThanOrEqual(390);
      await consumer.stop();
    });

    test('when the handler throws, then the message is delivered again', async () => {
      const { queue } = await makeQueue();
      const got = arrivals<string>(2);
      const consumer = await queue.consume((m) => {
        got.push(m.taskId);
        return got.items.length === 1 ? Promise.reject(new Error('first attempt fails')) : Promise.resolve(DONE);
      });
      await queue.publish(message(6));
      await got.wait();
      expect(got.items).toEqual([message(6).taskId, message(6).taskId]);
      await consumer.stop();
    });

    test('when the handler settles dead, then the message is not delivered again and lands in the dead letters', async () => {
      const fixture = await makeQueue();
      const { queue } = fixture;
      const got = arrivals<string>(1);
      const consumer = await queue.consume((m) => Promise.resolve((got.push(m.taskId), { outcome: 'dead' as const })));
      await queue.publish(message(7));
      await got.wait();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(got.items).toHaveLength(1);
      expect(await fixture.deadLetters()).toEqual([message(7)]);
      await consumer.stop();
    });

    test('when a message is published before anyone consumes, then it waits for a consumer', async () => {
      const { queue } = await makeQueue();
      await queue.publish(message(8));
      const got = arrivals<string>(1);
      const consumer = await queue.consume((m) => Promise.resolve((got.push(m.taskId), DONE)));
      await got.wait();
      expect(got.items).toEqual([message(8).taskId]);
      await consumer.stop();
    });
  });
}
