// The asynchronous side of a process: the outbox relays and, in a worker (or a server with
// WORKER_ENABLED), the consumer that runs tasks from the queue, each delivery in the trace of
// the request that caused it.
import type { RelayEvents } from '../../application/events/relay-events.js';
import type { RelayOutbox } from '../../application/tasks/relay-outbox.js';
import type { RunTask, TaskObserver } from '../../application/tasks/run-task.js';
import type { TaskConsumer, TaskQueue } from '../../domain/ports/task-queue.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { activeTraceFields, contextFromHeaders, SpanKind } from '../observability/trace-context.js';
import type { Tracing } from '../observability/tracing.js';
import { RelayLoop } from './relay-loop.js';

/** Starts the process's workers once the database is migrated. */
export interface TaskWork {
  /** Relays the outbox and, when `consume`, runs tasks from the queue. */
  start(consume: boolean): Promise<Workers>;
}

export interface Workers {
  /** Stops relaying, stops taking messages, and waits for the tasks in hand to settle. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  readonly queue: TaskQueue;
  readonly relay: RelayOutbox;
  /** Publishes profile events; absent where a caller wants tasks alone (the pipeline's tests). */
  readonly relayEvents?: RelayEvents;
  readonly runTask: RunTask;
  readonly relayIntervalMs: number;
  /** Whether to consume tasks here, or only relay them. */
  readonly consume: boolean;
  readonly log: Logger;
  /** With tracing on: a span per delivery, in the trace of the request that caused the task. */
  readonly tracing?: Tracing | undefined;
}

/** Each settled attempt counted, timed and logged; failures of our own logged with their reason. */
export function taskObserver(metrics: Metrics, log: Logger): TaskObserver {
  return {
    settled(task, seconds) {
      metrics.tasks.attempts.inc({ type: task.type, outcome: task.status });
      metrics.tasks.duration.observe({ type: task.type }, seconds);
      log.info(
        {
          taskId: task.id,
          type: task.type,
          status: task.status,
          attempts: task.attempts,
          durationMs: Math.round(seconds * 1000),
          ...activeTraceFields(),
        },
        'task attempt settled',
      );
    },
    unexpected: (task, error) => log.error({ err: error, taskId: task.id, type: task.type }, 'task attempt failed unexpectedly'),
    unrecorded: (task, error) =>
      log.error(
        { err: error, taskId: task.id, type: task.type, status: task.status },
        'task outcome could not be recorded; the delivery will come back',
      ),
  };
}

export async function startWorkers(options: WorkerOptions): Promise<Workers> {
  const relay = new RelayLoop(options.relay, options.relayIntervalMs, options.log, 'tasks');
  const relayEvents = options.relayEvents ? new RelayLoop(options.relayEvents, options.relayIntervalMs, options.log, 'events') : undefined;
  let consumer: TaskConsumer | undefined;
  if (options.consume) {
    const { tracing, runTask } = options;
    consumer = await options.queue.consume(
      tracing === undefined
        ? (message) => runTask.execute(message)
        : (message) =>
            tracing.inSpan(
              `process ${message.type}`,
              {
                kind: SpanKind.CONSUMER,
                parent: contextFromHeaders(message.traceContext ? { traceparent: message.traceContext } : {}),
                attributes: {
                  'messaging.operation.type': 'process',
                  'messaging.message.conversation_id': message.taskId,
                  'task.type': message.type,
                },
              },
              async (span) => {
                const settlement = await runTask.execute(message);
                span.setAttribute('task.settlement', settlement.outcome);
                return settlement;
              },
            ),
    );
    options.log.info({ step: 'worker' }, 'consuming tasks');
  }
  return {
    async stop() {
      await relay.stop();
      await relayEvents?.stop();
      await consumer?.stop();
    },
  };
}
