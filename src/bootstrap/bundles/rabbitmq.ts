// QUEUE_DRIVER=rabbitmq: RabbitMQ through Rascal, behind the queue's guard. It connects in the
// background: tasks wait in the outbox until it does.
import { RascalEventPublisher } from '../../adapters/rabbitmq/rascal-event-publisher.js';
import { RascalTaskQueue } from '../../adapters/rabbitmq/rascal-task-queue.js';
import { guardFor } from '../../adapters/resilience/guard-for.js';
import type { Config } from '../../adapters/settings/config.js';
import { QUEUE_RECONNECT } from '../../adapters/settings/tunables.js';
import { GUARD_OBSERVER, GUARD_SPANS, LOGGER } from '../tokens.js';
import { queueBundle } from './dependency.js';

export function rabbitmqQueue({ queue: settings, tasks, events }: Pick<Config, 'queue' | 'tasks' | 'events'>) {
  return queueBundle((ctx) => {
    const spans = ctx.get(GUARD_SPANS)('rabbitmq', {
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': `${settings.prefix}.tasks`,
    });
    const guard = guardFor('queue', { timeoutMs: settings.publishTimeoutMs }, ctx.get(GUARD_OBSERVER), spans);
    const queue = new RascalTaskQueue(
      {
        uris: settings.uris,
        tls: settings.tls,
        queueType: settings.type,
        prefix: settings.prefix,
        prefetch: tasks.concurrency,
        publishTimeoutMs: settings.publishTimeoutMs,
        redeliveryDelayMs: tasks.retryBaseMs,
        reconnect: QUEUE_RECONNECT,
        eventsExchange: events.exchange,
      },
      guard,
      ctx.get(LOGGER).child({ component: 'queue' }),
    );
    return {
      queue,
      events: new RascalEventPublisher(queue, { source: events.source }),
      probe: queue.probe(),
      start: () => void queue.start(),
      async close() {
        await queue.close();
        guard.shutdown();
      },
    };
  });
}
