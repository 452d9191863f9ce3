// Rascal task queues for tests, each on names of its own, closed and deleted afterwards.
import { createLogger } from '../../src/adapters/observability/logger.js';
import { RascalTaskQueue } from '../../src/adapters/rabbitmq/rascal-task-queue.js';
import type { QueueType } from '../../src/adapters/rabbitmq/topology.js';
import { guardFor } from '../../src/adapters/resilience/guard-for.js';
import { QUEUE_RECONNECT } from '../../src/adapters/settings/tunables.js';
import { deleteTopology, testPrefix } from './rabbitmq.js';

const opened: { queue: RascalTaskQueue; prefix: string }[] = [];

export async function openRascalQueue(
  uri: string,
  prefix = testPrefix(),
  queueType: QueueType = 'classic',
): Promise<{ queue: RascalTaskQueue; prefix: string }> {
  const guard = guardFor('queue', { timeoutMs: 3000 });
  const queue = new RascalTaskQueue(
    { uris: [uri], queueType, prefix, prefetch: 10, publishTimeoutMs: 3000, redeliveryDelayMs: 50, reconnect: QUEUE_RECONNECT },
    guard,
    createLogger({ name: 'queue-test', level: 'fatal' }),
  );
  await queue.start();
  const entry = { queue, prefix };
  opened.push(entry);
  return entry;
}

export async function closeRascalQueues(): Promise<void> {
  for (const { queue, prefix } of opened.splice(0)) {
    await queue.close();
    await deleteTopology(prefix);
  }
}
