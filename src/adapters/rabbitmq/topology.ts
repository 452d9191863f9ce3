// Everything the service declares on RabbitMQ, as one Rascal configuration. Names start with a
// prefix, so several deployments (or test runs) can share a broker.
//
//   <p>.tasks (direct) --task--> <p>.tasks (queue, dead-letters to <p>.dead)
//   <p>.delay (direct) --<ms>--> <p>.delay.<ms> (queue, TTL <ms>, dead-letters back to <p>.tasks)
//   <p>.dead (fanout) ---------> <p>.dead (queue: messages given up on, kept for operators)
//
// A delay is a wait in the delay queue of the largest step that fits (Rascal's TTL and
// dead-letter pattern, no broker plugin); a message back before its time waits another step.
import type { BrokerConfig } from 'rascal';

/** The delay steps, in milliseconds, each a queue of its own. */
export const DELAY_STEPS_MS = [100, 500, 2_000, 10_000, 60_000, 300_000, 900_000] as const;

export interface TopologySettings {
  readonly uri: string;
  readonly prefix: string;
  /** Unacknowledged messages per consumer: how many tasks one process runs at once. */
  readonly prefetch: number;
  readonly publishTimeoutMs: number;
  /** Backoff between attempts to reach the broker, first start and reconnections alike. */
  readonly reconnect: ReconnectBackoff;
}

export interface ReconnectBackoff {
  readonly minMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export interface TopologyNames {
  readonly workQueue: string;
  readonly deadQueue: string;
  readonly delayQueue: (stepMs: number) => string;
}

export function topologyNames(prefix: string): TopologyNames {
  return { workQueue: `${prefix}.tasks`, deadQueue: `${prefix}.dead`, delayQueue: (stepMs) => `${prefix}.delay.${stepMs}` };
}

/** The step to wait in for a delay: the largest not longer than it (the smallest for short ones). */
export function delayStepFor(delayMs: number): number {
  return [...DELAY_STEPS_MS].reverse().find((step) => step <= delayMs) ?? DELAY_STEPS_MS[0];
}

export const TASK_PUBLICATION = 'task';
export const delayPublication = (stepMs: number) => `delay.${stepMs}`;
export const TASK_SUBSCRIPTION = 'tasks';

export function rascalConfig(settings: TopologySettings): BrokerConfig {
  const { prefix: p, reconnect } = settings;
  const names = topologyNames(p);
  const durable = { durable: true };
  const publication = { confirm: true, timeout: settings.publishTimeoutMs, options: { persistent: true, mandatory: true, contentType: 'application/json' } };
  const delayQueues = Object.fromEntries(DELAY_STEPS_MS.map((step) => [names.delayQueue(step), {
    options: { ...durable, arguments: { 'x-message-ttl': step, 'x-dead-letter-exchange': `${p}.tasks`, 'x-dead-letter-routing-key': 'task' } },
  }]));
  return {
    // The reconnection backoff must sit in the connection defaults: Rascal rebuilds a connection
    // given by URL from a fixed list of attributes, and a `retry` beside the URL is dropped
    // (its own backoff, 1 s doubling up to 60 s, applied instead).
    defaults: { vhosts: { connection: { retry: { min: reconnect.minMs, max: reconnect.maxMs, factor: reconnect.factor, strategy: 'exponential' } } } },
    redeliveries: { counters: { inMemory: { type: 'inMemory', size: 10_000 } } },
    vhosts: {
      '/': {
        connection: {
          url: settings.uri,
          socketOptions: { timeout: 2000 },
          options: { heartbeat: 5 },
        },
        exchanges: {
          [`${p}.tasks`]: { type: 'direct', options: durable },
          [`${p}.delay`]: { type: 'direct', options: durable },
          [`${p}.dead`]: { type: 'fanout', options: durable },
        },
        queues: {
          [names.workQueue]: { options: { ...durable, arguments: { 'x-dead-letter-exchange': `${p}.dead` } } },
          [names.deadQueue]: { options: durable },
          ...delayQueues,
        },
        bindings: {
          work: { source: `${p}.tasks`, destination: names.workQueue, bindingKey: 'task' },
          dead: { source: `${p}.dead`, destination: names.deadQueue, bindingKey: '#' },
          ...Object.fromEntries(DELAY_STEPS_MS.map((step) => [`delay-${step}`, { source: `${p}.delay`, destination: names.delayQueue(step), bindingKey: String(step) }])),
        },
        publications: {
          [TASK_PUBLICATION]: { exchange: `${p}.tasks`, routingKey: 'task', ...publication },
          ...Object.fromEntries(DELAY_STEPS_MS.map((step) => [delayPublication(step), { exchange: `${p}.delay`, routingKey: String(step), ...publication }])),
        },
        subscriptions: {
          [TASK_SUBSCRIPTION]: {
            queue: names.workQueue,
            prefetch: settings.prefetch,
            contentType: 'application/json',
            // A message that keeps crashing its consumer is dead-lettered instead of looping.
            redeliveries: { limit: 20, counter: 'inMemory' },
            closeTimeout: 30_000,
          },
        },
      },
    },
  } as BrokerConfig;
}
