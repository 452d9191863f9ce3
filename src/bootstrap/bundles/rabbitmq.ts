// QUEUE_DRIVER=rabbitmq: RabbitMQ through Rascal, behind the queue's guard. It connects in the
// background: tasks wait in the outbox until it does.
import type { Logger } from '../../adapters/observability/logger.js';
import { RascalEventPublisher } from '../../adapters/rabbitmq/rascal-event-publisher.js';
import { RascalTaskQueue } from '../../adapters/rabbitmq/rascal-task-queue.js';
import { Guard } from '../../adapters/resilience/guard.js';
import type { Config } from '../config.js';
import { GUARD_OBSERVER, GUARD_SPANS, LOGGER } from '../tokens.js';
import type { SpansFor } from './process.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, QUEUE_GUARD, QUEUE_RECONNECT } from '../tunables.js';
import { queueBundle } from './dependency.js';

export function rabbitmqQueue(settings: { readonly queue: Config['queue']; readonly tasks: Pick<Config['tasks'], 'concurrency' | 'retryBaseMs'>; readonly events: Config['events'] }) {
  const { queue: config, tasks } = settings;
  return queueBundle((ctx) => {
    const guard = new Guard(
      {
        name: 'queue', timeoutMs: config.publishTimeoutMs + QUEUE_GUARD.deadlineSlackMs, retries: QUEUE_GUARD.retries,
        resetTimeoutMs: QUEUE_GUARD.resetTimeoutMs, retryAfterSeconds: QUEUE_GUARD.retryAfterSeconds,
        errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE, volumeThreshold: BREAKER_VOLUME_THRESHOLD,
        isDependencyFailure: () => true,
      },
      ctx.get(GUARD_OBSERVER),
      ctx.get<SpansFor>(GUARD_SPANS)('rabbitmq', { 'messaging.system': 'rabbitmq', 'messaging.destination.name': `${config.prefix}.tasks` }),
    );
    const queue = new RascalTaskQueue(
      {
        uris: config.uris, tls: config.tls, queueType: config.type, prefix: config.prefix, prefetch: tasks.concurrency,
        publishTimeoutMs: config.publishTimeoutMs, redeliveryDelayMs: tasks.retryBaseMs, reconnect: QUEUE_RECONNECT, eventsExchange: settings.events.exchange,
      },
      guard,
      ctx.get<Logger>(LOGGER).child({ component: 'queue' }),
    );
    return {
      queue,
      events: new RascalEventPublisher(queue, { source: settings.events.source }),
      probe: {
        name: 'queue',
        critical: false,
        // Tasks wait in the outbox while RabbitMQ is away: the service is degraded, not down.
        // Down when the broker refuses it for a setting to fix (never critical).
        check: () => Promise.resolve(queue.problem ? 'down' : queue.isConnected && guard.state !== 'open' ? 'up' : 'degraded'),
        details: () => ({ breaker: guard.state, queueType: config.type, ...(queue.problem ? { reason: `${queue.problem.setting}: ${queue.problem.reason}` } : {}) }),
      },
      start: () => void queue.start(),
      async close() {
        await queue.close();
        guard.shutdown();
      },
    };
  });
}
