// The asynchronous side of a process: running tasks (with their metrics and logs), relaying the
// outbox, and the loops that do both. The server runs them unless WORKER_ENABLED=false;
// `npm run worker` runs nothing else.
import { ContainerModule } from 'inversify';
import { ProfileChanges } from '../../application/profile-changes.js';
import { ProcessAvatar } from '../../application/avatars/process-avatar.js';
import { RunImport } from '../../application/imports/run-import.js';
import { PurgeProfile } from '../../application/tasks/purge-profile.js';
import { RelayOutbox } from '../../application/tasks/relay-outbox.js';
import { RelayEvents } from '../../application/events/relay-events.js';
import { EVENT_PUBLISHER } from '../../domain/ports/event-outbox.js';
import { RunTask, type TaskObserver } from '../../application/tasks/run-task.js';
import { AVATAR_STORE } from '../../domain/ports/avatar-store.js';
import { CLOCK, type Clock } from '../../domain/ports/clock.js';
import { ID_GENERATOR } from '../../domain/ports/id-generator.js';
import { IMAGE_PROCESSOR } from '../../domain/ports/image-processor.js';
import { PROFILE_CACHE } from '../../domain/ports/profile-cache.js';
import { TASK_QUEUE, type TaskConsumer, type TaskQueue } from '../../domain/ports/task-queue.js';
import { TASK_STORE, type TaskStore } from '../../domain/ports/task-store.js';
import { UNIT_OF_WORK, type UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { validateCreateProfile } from '../../adapters/http/validation.js';
import { activeTraceFields, contextFromHeaders, SpanKind } from '../../adapters/observability/trace-context.js';
import type { Tracing } from '../../adapters/observability/tracing.js';
import type { Logger } from '../../adapters/observability/logger.js';
import type { Metrics } from '../../adapters/observability/metrics.js';
import type { Config } from '../config.js';
import { LOGGER, METRICS, PROFILE_RENDERER, TASK_WORK, TRACING } from '../tokens.js';
import type { EventWriting } from './events.js';
import { IMPORT_BATCH_SIZE, RELAY } from '../tunables.js';

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

export type TaskSettings = Pick<Config['tasks'], 'leaseMs' | 'retryBaseMs' | 'retryMaxMs' | 'relayIntervalMs' | 'republishAfterMs'>;

export function taskWorkBundle(tasks: TaskSettings) {
  return new ContainerModule(({ bind }) => {
    bind(RunTask).toDynamicValue((ctx) => {
      const store = ctx.get<TaskStore>(TASK_STORE);
      return new RunTask(
        store,
        {
          'profile.purge': new PurgeProfile(ctx.get(UNIT_OF_WORK), ctx.get(AVATAR_STORE), ctx.get(PROFILE_CACHE), ctx.get(ID_GENERATOR), ctx.get(CLOCK)),
          'avatar.process': new ProcessAvatar(ctx.get(ProfileChanges), store, ctx.get(AVATAR_STORE), ctx.get(IMAGE_PROCESSOR)),
          'profile.import': new RunImport(
            ctx.get(UNIT_OF_WORK), store, ctx.get(PROFILE_CACHE), ctx.get(ID_GENERATOR), ctx.get(CLOCK), validateCreateProfile,
            IMPORT_BATCH_SIZE,
          ),
        },
        ctx.get(CLOCK),
        { leaseMs: tasks.leaseMs, backoff: { baseMs: tasks.retryBaseMs, maxMs: tasks.retryMaxMs } },
        taskObserver(ctx.get(METRICS), ctx.get(LOGGER)),
      );
    });
    bind(RelayEvents).toDynamicValue((ctx) => {
      const published = ctx.get<Metrics>(METRICS).eventsPublished;
      return new RelayEvents(ctx.get(UNIT_OF_WORK), ctx.get(EVENT_PUBLISHER), RELAY.batchSize, (types) => {
        for (const type of types) published.inc({ type });
      });
    });
    bind(RelayOutbox).toDynamicValue((ctx) => {
      const republished = ctx.get<Metrics>(METRICS).tasks.republished;
      const log = ctx.get<Logger>(LOGGER);
      return new RelayOutbox(ctx.get(UNIT_OF_WORK), ctx.get(TASK_QUEUE), ctx.get(CLOCK), {
        ...RELAY, republishAfterMs: tasks.republishAfterMs,
        onStranded: (count) => {
          republished.inc(count);
          log.warn({ count }, 'tasks handed to the queue were never started within TASK_REPUBLISH_AFTER: handing them over again');
        },
      });
    });
    bind<TaskWork>(TASK_WORK).toDynamicValue((ctx) => {
      const metrics = ctx.get<Metrics>(METRICS);
      const store = ctx.get<TaskStore>(TASK_STORE);
      const clock = ctx.get<Clock>(CLOCK);
      metrics.tasks.readOutboxWith({ backlog: () => store.countUnpublished(), oldestDue: () => store.oldestDue(clock.now()) });
      const uow = ctx.get<UnitOfWork>(UNIT_OF_WORK);
      metrics.readEventOutboxWith(() => uow.run(({ events }) => events.backlog()));
      return {
        start: (consume) => startWorkers({
          queue: ctx.get(TASK_QUEUE), relay: ctx.get(RelayOutbox), runTask: ctx.get(RunTask),
          // With events off (EVENTS_ENABLED=false) there is nothing to relay.
          ...(ctx.get<EventWriting>(PROFILE_RENDERER).render ? { relayEvents: ctx.get(RelayEvents) } : {}),
          relayIntervalMs: tasks.relayIntervalMs, consume, log: ctx.get(LOGGER), tracing: ctx.get(TRACING),
        }),
      };
    });
  });
}

/** Each settled attempt counted, timed and logged; failures of our own logged with their reason. */
function taskObserver(metrics: Metrics, log: Logger): TaskObserver {
  return {
    settled(task, seconds) {
      metrics.tasks.attempts.inc({ type: task.type, outcome: task.status });
      metrics.tasks.duration.observe({ type: task.type }, seconds);
      log.info({
        taskId: task.id, type: task.type, status: task.status, attempts: task.attempts, durationMs: Math.round(seconds * 1000), ...activeTraceFields(),
      }, 'task attempt settled');
    },
    unexpected: (task, error) => log.error({ err: error, taskId: task.id, type: task.type }, 'task attempt failed unexpectedly'),
    unrecorded: (task, error) => log.error({ err: error, taskId: task.id, type: task.type, status: task.status }, 'task outcome could not be recorded; the delivery will come back'),
  };
}

export async function startWorkers(options: WorkerOptions): Promise<Workers> {
  const relay = new RelayLoop(options.relay, options.relayIntervalMs, options.log, 'tasks');
  const relayEvents = options.relayEvents ? new RelayLoop(options.relayEvents, options.relayIntervalMs, options.log, 'events') : undefined;
  let consumer: TaskConsumer | undefined;
  if (options.consume) {
    const { tracing, runTask } = options;
    consumer = await options.queue.consume(tracing === undefined ? (message) => runTask.execute(message) : (message) => tracing.inSpan(`process ${message.type}`, {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(message.traceContext ? { traceparent: message.traceContext } : {}),
      attributes: { 'messaging.operation.type': 'process', 'messaging.message.conversation_id': message.taskId, 'task.type': message.type },
    }, async (span) => {
      const settlement = await runTask.execute(message);
      span.setAttribute('task.settlement', settlement.outcome);
      return settlement;
    }));
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

/** Runs relay passes: back to back while there is a backlog, every interval otherwise, slower while failing. */
class RelayLoop {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly relay: { execute(): Promise<number> },
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** What it relays (tasks, events), for its log lines. */
    private readonly what: 'tasks' | 'events',
  ) {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    try {
      const published = await this.relay.execute();
      if (this.failures > 0) this.log.info({ step: 'relay', relaying: this.what, after: this.failures }, 'outbox relay recovered');
      this.failures = 0;
      this.schedule(published > 0 ? 0 : this.intervalMs);
    } catch (error) {
      // Tasks and events wait in the database meanwhile; log the first failure and then every tenth.
      if (this.failures++ % 10 === 0) this.log.warn({ err: error, step: 'relay', relaying: this.what, failures: this.failures }, `outbox relay pass failed; ${this.what} wait in the database`);
      // Capped low: once the queue is back, the backlog moves within a second.
      this.schedule(Math.min(this.intervalMs * 2 ** Math.min(this.failures, 5), RELAY.maxBackoffMs));
    }
  }
}
