// Everything the service declares on RabbitMQ, as one Rascal configuration. Names start with a
// prefix, so several deployments (or test runs) can share a broker. Queues are classic, or
// quorum queues (replicated over a cluster's nodes: a node lost takes no message with it).
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

export const QUEUE_TYPES = ['classic', 'quorum'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

/** PEM text for amqps://: the CA that signs the brokers' certificates, a client certificate and its key. */
export interface BrokerTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface TopologySettings {
  /** The nodes of the broker (one URL each): tried in turn at start and after a lost connection. */
  readonly uris: readonly string[];
  readonly tls?: BrokerTls;
  readonly queueType: QueueType;
  readonly prefix: string;
  /** Unacknowledged messages per consumer: how many tasks one process runs at once. */
  readonly prefetch: number;
  readonly publishTimeoutMs: number;
  /** Backoff between attempts to reach the broker, first start and reconnections alike. */
  readonly reconnect: ReconnectBackoff;
  /** The topic exchange profile events go to, routed by their type (EVENTS_EXCHANGE); `profile-events` by default. */
  readonly eventsExchange?: string;
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
export const EVENT_PUBLICATION = 'event';
export const DEFAULT_EVENTS_EXCHANGE = 'profile-events';

/**
 * Quorum queues: replicated, and given what classic ones get by default or do not need. A
 * delivery limit (RabbitMQ 3.x sets none) dead-letters a message that keeps crashing its
 * consumer; a delay step's expired messages are dead-lettered at least once (not at most
 * once, the default), which asks for reject-publish when a queue is full.
 */
const QUORUM = { 'x-queue-type': 'quorum' } as const;
const QUORUM_WORK = { ...QUORUM, 'x-delivery-limit': 20 } as const;
const QUORUM_DELAY = { ...QUORUM, 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

/** The arguments of each queue for a queue type: what the broker compares when the queue exists already. */
export function queueArguments(type: QueueType, p: string) {
  const quorum = type === 'quorum';
  return {
    work: { ...(quorum ? QUORUM_WORK : {}), 'x-dead-letter-exchange': `${p}.dead` },
    dead: quorum ? { ...QUORUM } : {},
    delay: (step: number) => ({
      ...(quorum ? QUORUM_DELAY : {}),
      'x-message-ttl': step,
      'x-dead-letter-exchange': `${p}.tasks`,
      'x-dead-letter-routing-key': 'task',
    }),
  };
}

export function rascalConfig(settings: TopologySettings): BrokerConfig {
  const { prefix: p, reconnect } = settings;
  const names = topologyNames(p);
  const durable = { durable: true };
  const args = queueArguments(settings.queueType, p);
  const publication = {
    confirm: true,
    timeout: settings.publishTimeoutMs,
    options: { persistent: true, mandatory: true, contentType: 'application/json' },
  };
  const delayQueues = Object.fromEntries(
    DELAY_STEPS_MS.map((step) => [names.delayQueue(step), { options: { ...durable, arguments: args.delay(step) } }]),
  );
  const tls = settings.tls ?? {};
  const socketOptions = {
    timeout: 2000,
    ...(tls.ca !== undefined ? { ca: [tls.ca] } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
  };
  return {
    // The reconnection backoff must sit in the connection defaults: Rascal rebuilds a connection
    // given by URL from a fixed list of attributes, and a `retry` beside the URL is dropped
    // (its own backoff, 1 s doubling up to 60 s, applied instead).
    defaults: {
      vhosts: { connection: { retry: { min: reconnect.minMs, max: reconnect.maxMs, factor: reconnect.factor, strategy: 'exponential' } } },
    },
    redeliveries: { counters: { inMemory: { type: 'inMemory', size: 10_000 } } },
    vhosts: {
      '/': {
        // Each node on its own, so each URL's password is masked in Rascal's messages on its own.
        connectionStrategy: 'random',
        connections: settings.uris.map((url) => ({ url, socketOptions, options: { heartbeat: 5 } })),
        exchanges: {
          [`${p}.tasks`]: { type: 'direct', options: durable },
          [`${p}.delay`]: { type: 'direct', options: durable },
          [`${p}.dead`]: { type: 'fanout', options: durable },
          // Other services bind their own queues to it, by event type (profile.#, profile.avatar.*).
          [settings.eventsExchange ?? DEFAULT_EVENTS_EXCHANGE]: { type: 'topic', options: durable },
        },
        queues: {
          [names.workQueue]: { options: { ...durable, arguments: args.work } },
          [names.deadQueue]: { options: { ...durable, arguments: args.dead } },
          ...delayQueues,
        },
        bindings: {
          work: { source: `${p}.tasks`, destination: names.workQueue, bindingKey: 'task' },
          dead: { source: `${p}.dead`, destination: names.deadQueue, bindingKey: '#' },
          ...Object.fromEntries(
            DELAY_STEPS_MS.map((step) => [
              `delay-${step}`,
              { source: `${p}.delay`, destination: names.delayQueue(step), bindingKey: String(step) },
            ]),
          ),
        },
        publications: {
          [TASK_PUBLICATION]: { exchange: `${p}.tasks`, routingKey: 'task', ...publication },
          ...Object.fromEntries(
            DELAY_STEPS_MS.map((step) => [delayPublication(step), { exchange: `${p}.delay`, routingKey: String(step), ...publication }]),
          ),
          // Not mandatory: an event no service has bound a queue for is nobody's loss.
          [EVENT_PUBLICATION]: {
            exchange: settings.eventsExchange ?? DEFAULT_EVENTS_EXCHANGE,
            confirm: true,
            timeout: settings.publishTimeoutMs,
            options: { persistent: true, contentType: 'application/cloudevents+json' },
          },
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
