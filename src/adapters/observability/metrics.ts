// One Prometheus registry per service instance (never the global one), so tests can run
// several instances in one process. Labels are bounded: route templates, not raw paths.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LogOutput } from './log-output.js';

export interface HttpMetrics {
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route' | 'status'>;
  readonly rateLimited: Counter<'limit'>;
}

export interface Metrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
  /** Cache lookups by tier (l1, l2) and result (hit, miss, error, fallback). */
  readonly cacheRequests: Counter<'tier' | 'result'>;
  readonly tasks: TaskMetrics;
  /** Profile events published, by type (profile.created...). */
  readonly eventsPublished: Counter<'type'>;
  /** Sets how the event outbox's gauges are read on each scrape. */
  readEventOutboxWith(read: () => Promise<{ readonly count: number; readonly oldest: Date | null }>): void;
}

export interface TaskMetrics {
  /** Attempts by task type and outcome (succeeded, failed = will retry, dead). */
  readonly attempts: Counter<'type' | 'outcome'>;
  readonly duration: Histogram<'type'>;
  /** Tasks handed to the queue long ago, never started, and handed over again (the queue lost them). */
  readonly republished: Counter;
  /** Sets how the outbox gauges are read on each scrape. */
  readOutboxWith(readers: OutboxReaders): void;
}

export interface OutboxReaders {
  /** Tasks waiting in the outbox. */
  backlog(): Promise<number>;
  /** When the oldest task due and not handed over fell due; null when none is. */
  oldestDue(): Promise<Date | null>;
}

export function createMetrics(options: {
  defaultMetrics: boolean;
  component?: 'api' | 'worker';
  /** The process's log output (log-output.ts); a test's logger drops nothing. */
  logOutput?: Pick<LogOutput, 'droppedLines'>;
}): Metrics {
  const registry = new Registry();
  // Alert rules and dashboards select by it, whatever job name the scrape set-up gives.
  if (options.component !== undefined) registry.setDefaultLabels({ component: options.component });
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const { logOutput } = options;
  new Counter({
    name: 'log_lines_dropped_total',
    help: "Log lines dropped because stdout's reader was too far behind (LOG_BUFFER_BYTES) or gone.",
    registers: [registry],
    collect() {
      if (logOutput === undefined) return;
      this.reset();
      this.inc(logOutput.droppedLines);
    },
  });
  let readOutbox: OutboxReaders = { backlog: () => Promise.resolve(0), oldestDue: () => Promise.resolve(null) };
  new Gauge({
    name: 'outbox_backlog',
    help: 'Tasks written but not yet handed to the queue.',
    registers: [registry],
    async collect() {
      // A database that does not answer leaves the last value; the scrape itself must not fail.
      await readOutbox.backlog().then(
        (n) => this.set(n),
        () => undefined,
      );
    },
  });
  new Gauge({
    name: 'outbox_oldest_due_seconds',
    help: 'How long the oldest task due and not yet handed to the queue has waited (0 when none).',
    registers: [registry],
    async collect() {
      await readOutbox.oldestDue().then(
        (due) => this.set(secondsSince(due)),
        () => undefined,
      );
    },
  });
  let readEventOutbox: () => Promise<{ readonly count: number; readonly oldest: Date | null }> = () =>
    Promise.resolve({ count: 0, oldest: null });
  // Both event gauges are collected at once on a scrape: they share one read of the outbox.
  let eventOutboxRead: ReturnType<typeof readEventOutbox> | undefined;
  const readEventOutboxOnce = () => (eventOutboxRead ??= readEventOutbox().finally(() => (eventOutboxRead = undefined)));
  new Gauge({
    name: 'events_outbox_backlog',
    help: 'Profile events written and not yet published.',
    registers: [registry],
    async collect() {
      await readEventOutboxOnce().then(
        ({ count }) => this.set(count),
        () => undefined,
      );
    },
  });
  new Gauge({
    name: 'events_outbox_oldest_seconds',
    help: 'How long the oldest profile event not yet published has waited (0 when none).',
    registers: [registry],
    async collect() {
      await readEventOutboxOnce().then(
        ({ oldest }) => this.set(secondsSince(oldest)),
        () => undefined,
      );
    },
  });
  return {
    registry,
    cacheRequests: new Counter({
      name: 'cache_requests_total',
      help: 'Profile cache lookups by tier (l1, l2) and result (hit, miss, error; fallback when the breaker kept Redis out of it).',
      labelNames: ['tier', 'result'],
      registers: [registry],
    }),
    readEventOutboxWith: (read) => {
      readEventOutbox = read;
    },
    eventsPublished: new Counter({
      name: 'events_published_total',
      help: 'Profile events published (to RabbitMQ, or the in-process bus), by type; a re-publication after a crash counts again.',
      labelNames: ['type'],
      registers: [registry],
    }),
    tasks: {
      attempts: new Counter({
        name: 'task_attempts_total',
        help: 'Task attempts by type and outcome (succeeded; failed, to be retried; dead).',
        labelNames: ['type', 'outcome'],
        registers: [registry],
      }),
      duration: new Histogram({
        name: 'task_duration_seconds',
        help: 'How long one attempt of a task took, by type.',
        labelNames: ['type'],
        buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [registry],
      }),
      republished: new Counter({
        name: 'tasks_republished_total',
        help: 'Tasks handed to the queue that were neither started nor due within TASK_REPUBLISH_AFTER, and were handed over again: messages the broker lost, or no consumer took.',
        registers: [registry],
      }),
      readOutboxWith: (readers) => {
        readOutbox = readers;
      },
    },
    http: {
      requests: new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests by method, route template and status code.',
        labelNames: ['method', 'route', 'status'],
        registers: [registry],
      }),
      duration: new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency by method, route template and status code.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      }),
      rateLimited: new Counter({
        name: 'http_rate_limited_total',
        help: 'Requests refused with 429, by limit (read, write).',
        labelNames: ['limit'],
        registers: [registry],
      }),
    },
  };
}

/** Seconds since `moment` (0 for none, or one in the future). */
function secondsSince(moment: Date | null): number {
  return moment === null ? 0 : Math.max(0, (Date.now() - moment.getTime()) / 1000);
}
