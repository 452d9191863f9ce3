// RabbitMQ for integration tests: QUEUE_URI, else the local server on 127.0.0.1:5672, else a
// testcontainers container where a Docker engine answers. Each test uses names of its own
// (a prefix) and deletes them afterwards.
import { randomBytes } from 'node:crypto';
import amqplib from 'amqplib';
import { DELAY_STEPS_MS, topologyNames } from '../../src/adapters/rabbitmq/topology.js';
import type { TaskMessage } from '../../src/domain/ports/task-queue.js';
import { FaultProxy } from '../../tools/chaos/fault-proxy.js';

let uri: Promise<string> | undefined;

async function reachable(candidate: string): Promise<boolean> {
  try {
    const connection = await amqplib.connect(candidate, { timeout: 1500 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

export function rabbitUri(): Promise<string> {
  return (uri ??= (async () => {
    const configured = process.env['QUEUE_URI'] ?? 'amqp://guest:guest@127.0.0.1:5672/';
    if (await reachable(configured)) return configured;
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const container = await new RabbitMQContainer('rabbitmq:3.13-alpine').start();
    return container.getAmqpUrl();
  })());
}

/** RabbitMQ behind a fault proxy of its own: `uri` reaches the broker through it, `direct` does not. */
export async function rabbitBehindProxy(): Promise<{ proxy: FaultProxy; uri: string; direct: string }> {
  const direct = await rabbitUri();
  const broker = new URL(direct);
  const proxy = await FaultProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) });
  const viaProxy = new URL(broker);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  return { proxy, uri: viaProxy.toString(), direct };
}

export const testPrefix = () => `test-${randomBytes(5).toString('hex')}`;

/** Takes every message out of the prefix's dead-letter queue. */
export async function drainDeadLetters(prefix: string): Promise<TaskMessage[]> {
  return withChannel(async (channel) => {
    const messages: TaskMessage[] = [];
    for (;;) {
      const message = await channel.get(topologyNames(prefix).deadQueue, { noAck: true });
      if (message === false) return messages;
      messages.push(JSON.parse(message.content.toString()) as TaskMessage);
    }
  });
}

/** How many messages wait in a queue of the prefix. */
export function messageCount(queue: string): Promise<number> {
  return withChannel(async (channel) => (await channel.checkQueue(queue)).messageCount);
}

/** Deletes the prefix's queues and exchanges. */
export function deleteTopology(prefix: string): Promise<void> {
  const names = topologyNames(prefix);
  return withChannel(async (channel) => {
    for (const queue of [names.workQueue, names.deadQueue, ...DELAY_STEPS_MS.map(names.delayQueue)]) await channel.deleteQueue(queue);
    for (const exchange of ['tasks', 'delay', 'dead']) await channel.deleteExchange(`${prefix}.${exchange}`);
  });
}

async function withChannel<T>(work: (channel: amqplib.Channel) => Promise<T>): Promise<T> {
  const connection = await amqplib.connect(await rabbitUri());
  try {
    const channel = await connection.createChannel();
    return await work(channel);
  } finally {
    await connection.close();
  }
}
