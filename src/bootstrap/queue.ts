// The task queue, chosen by QUEUE_DRIVER: in-process, or RabbitMQ through Rascal (loaded only when chosen).
import type { TaskQueue } from '../domain/ports/task-queue.js';
import type { DependencyProbe } from '../adapters/http/health.js';
import { MemoryTaskQueue } from '../adapters/memory/memory-task-queue.js';
import type { Logger } from '../adapters/observability/logger.js';
import { Guard, type GuardObserver } from '../adapters/resilience/guard.js';
import type { Config } from './config.js';
import { BREAKER_ERROR_PERCENTAGE, BREAKER_VOLUME_THRESHOLD, QUEUE_GUARD } from './tunables.js';

export interface Queueing {
  readonly queue: TaskQueue;
  readonly probe: DependencyProbe;
  /** Connects in the background; the service runs (and tasks wait in the outbox) until it succeeds. */
  start(): void;
  close(): Promise<void>;
}

export interface QueueingDependencies {
  readonly log: Logger;
  readonly guardObserver: GuardObserver;
}

export async function createQueueing(config: Config, deps: QueueingDependencies): Promise<Queueing> {
  if (config.queue.driver === 'memory') {
    return {
      queue: new MemoryTaskQueue({ redeliveryDelayMs: config.tasks.retryBaseMs }),
      probe: { name: 'queue', critical: false, check: () => Promise.resolve('up') },
      start: () => undefined,
      close: () => Promise.resolve(),
    };
  }
  const guard = new Guard(
    {
      name: 'queue', timeoutMs: config.queue.publishTimeoutMs + QUEUE_GUARD.deadlineSlackMs, retries: QUEUE_GUARD.retries,
      resetTimeoutMs: QUEUE_GUARD.resetTimeoutMs, retryAfterSeconds: QUEUE_GUARD.retryAfterSeconds,
      errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE, volumeThreshold: BREAKER_VOLUME_THRESHOLD,
      isDependencyFailure: () => true,
    },
    deps.guardObserver,
  );
  const { RascalTaskQueue } = await import('../adapters/rabbitmq/rascal-task-queue.js');
  const queue = new RascalTaskQueue(
    {
      uri: config.queue.uri, prefix: config.queue.prefix, prefetch: config.tasks.concurrency,
      publishTimeoutMs: config.queue.publishTimeoutMs, redeliveryDelayMs: config.tasks.retryBaseMs,
    },
    guard,
    deps.log.child({ component: 'queue' }),
  );
  return {
    queue,
    probe: {
      name: 'queue',
      critical: false,
      // Tasks wait in the outbox while RabbitMQ is away: the service is degraded, not down.
      check: () => Promise.resolve(queue.isConnected && guard.state !== 'open' ? 'up' : 'degraded'),
      details: () => ({ breaker: guard.state }),
    },
    start: () => void queue.start(),
    async close() {
      await queue.close();
      guard.shutdown();
    },
  };
}
