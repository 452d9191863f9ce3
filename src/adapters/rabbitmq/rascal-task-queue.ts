// The task queue on RabbitMQ through Rascal: persistent messages with publisher confirms,
// delays through TTL queues, retries as delayed republishes, dead letters through the work
// queue's dead-letter exchange. RabbitMQ is not critical: while it is unreachable publishing
// fails fast (the outbox keeps the tasks) and the broker is reached again in the background.
import { context } from '@opentelemetry/api';
import pRetry from 'p-retry';
import rascal from 'rascal';
import type { Message } from 'amqplib';
import type { AckOrNack, BrokerAsPromised, PublicationSession, SubscriberSessionAsPromised } from 'rascal';
import { activeTraceparent, contextFromHeaders, SpanKind } from '../observability/trace-context.js';
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Settlement, TaskConsumer, TaskHandler, TaskMessage, TaskQueue } from '../../domain/ports/task-queue.js';
import { TASK_TYPES, type TaskType } from '../../domain/task/task.js';
import type { DependencyProbe } from '../dependencies/probe.js';
import type { Logger } from '../observability/logger.js';
import type { Guard } from '../resilience/guard.js';
import { CLOUDEVENTS_CONTENT_TYPE, type ProfileCloudEvent } from '../events/cloud-events.js';
import {
  EVENT_PUBLICATION,
  TASK_PUBLICATION,
  TASK_SUBSCRIPTION,
  delayPublication,
  delayStepFor,
  rascalConfig,
  type TopologySettings,
} from './topology.js';

/** When a delayed message may be handled, in epoch milliseconds. */
const NOT_BEFORE = 'x-not-before';
const TRACEPARENT = 'traceparent';
/** A message back from its delay step this close to its time is handled rather than sent round again. */
const EARLY_TOLERANCE_MS = 5;
/** How long stopping a consumer waits for the broker to confirm the cancel (a broker that hangs). */
const CANCEL_WAIT_MS = 5000;

export interface RascalTaskQueueSettings extends TopologySettings {
  /** How long a delivery whose handler threw waits before it comes back. */
  readonly redeliveryDelayMs: number;
}

/** What the broker refuses for good until someone changes a setting (or the broker): its variable, and why. */
export interface BrokerRefusal {
  readonly setting: string;
  readonly reason: string;
}

const UNTRUSTED_CERTIFICATE =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)$/;
/** The same in words: Rascal passes a failed connection on as a new error carrying only the message. */
const UNTRUSTED_CERTIFICATE_WORDS =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired|does not match certificate's altnames/i;

/** Names the setting behind a refusal; undefined for what waiting mends (a node down, a lost link). */
export function brokerRefusalOf(error: Error, queueType: string): BrokerRefusal | undefined {
  const code = (error as { code?: unknown }).code;
  if (/PRECONDITION.FAILED/.test(error.message) && /inequivalent arg/.test(error.message)) {
    return {
      setting: 'QUEUE_TYPE',
      reason:
        `the broker holds a queue of this service with other arguments than the ${queueType} queues it declares (${error.message.replace(/\s+/g, ' ')}); ` +
        'set QUEUE_TYPE to the type the broker has, or delete the queue (and its messages) to have it declared anew',
    };
  }
  if (/ACCESS.REFUSED/.test(error.message))
    return { setting: 'QUEUE_URI', reason: 'RabbitMQ refused the user name or password of the URL' };
  if ((typeof code === 'string' && UNTRUSTED_CERTIFICATE.test(code)) || UNTRUSTED_CERTIFICATE_WORDS.test(error.message)) {
    return { setting: 'QUEUE_TLS_CA', reason: `the broker's certificate is not trusted (${error.message.replace(/\s+/g, ' ')})` };
  }
  return undefined;
}

export class RascalTaskQueue implements TaskQueue {
  /** Persistent messages on durable queues: the broker keeps them across our restarts and its own. */
  readonly durable = true;
  private broker: BrokerAsPromised | undefined;
  private connected = false;
  private readonly consumers = new Set<RascalConsumer>();
  private readonly stopConnecting = new AbortController();
  private connecting: Promise<void> | undefined;
  private refusal: BrokerRefusal | undefined;

  constructor(
    private readonly settings: RascalTaskQueueSettings,
    private readonly guard: Guard,
    private readonly log: Logger,
  ) {}

  /** Whether the broker is connected now. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Why the broker refuses the service, while it does (a setting to fix): the queue is then down, not merely away. */
  get problem(): BrokerRefusal | undefined {
    return this.refusal;
  }

  /**
   * The queue's health: tasks wait in the outbox while RabbitMQ is away, so the service is
   * degraded, not down; down when the broker refuses it for a setting to fix (never critical).
   */
  probe(): DependencyProbe {
    return {
      name: 'queue',
      critical: false,
      check: () => Promise.resolve(this.refusal ? 'down' : this.connected && this.guard.state !== 'open' ? 'up' : 'degraded'),
      details: () => ({
        breaker: this.guard.state,
        queueType: this.settings.queueType,
        ...(this.refusal ? { reason: `${this.refusal.setting}: ${this.refusal.reason}` } : {}),
      }),
    };
  }

  /**
   * Reaches the broker and declares the topology, retrying with backoff until it answers or
   * `close` is called. A refusal (a queue declared with other arguments, a password, a
   * certificate) is said once, naming its setting, and tried again as well: it heals when the
   * broker's side is changed, without a restart.
   */
  start(): Promise<void> {
    return (this.connecting ??= pRetry(() => this.connect(), {
      retries: Infinity,
      randomize: true,
      signal: this.stopConnecting.signal,
      minTimeout: this.settings.reconnect.minMs,
      maxTimeout: this.settings.reconnect.maxMs,
      factor: this.settings.reconnect.factor,
      onFailedAttempt: ({ error, attemptNumber }) => {
        const refusal = brokerRefusalOf(error, this.settings.queueType);
        if (refusal !== undefined) {
          if (refusal.setting !== this.refusal?.setting)
            this.log.error(
              { step: 'queue', setting: refusal.setting },
              `${refusal.setting}: ${refusal.reason}; tasks wait in the outbox meanwhile`,
            );
          this.refusal = refusal;
        } else if (attemptNumber === 1 || attemptNumber % 10 === 0) {
          this.log.warn({ step: 'queue', attempt: attemptNumber, reason: error.message }, 'RabbitMQ not reachable yet; retrying');
        }
      },
    }).catch((error: unknown) => {
      if (!this.stopConnecting.signal.aborted) this.log.error({ err: error, step: 'queue' }, 'giving up on RabbitMQ');
    }));
  }

  async publish(message: TaskMessage, options: { readonly delayMs?: number } = {}): Promise<void> {
    const broker = this.broker;
    if (!broker || !this.connected) throw new DependencyUnavailableError('queue', 2);
    const publish = () =>
      this.guard.run(() => this.send(broker, message, options.delayMs ?? 0), {
        idempotent: false,
        operation: 'publish',
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.operation.type': 'send', 'messaging.message.conversation_id': message.taskId },
      });
    // Published in the trace of the request that caused the task, wherever the publish happens (the relay's loop).
    await (message.traceContext ? context.with(contextFromHeaders({ traceparent: message.traceContext }), publish) : publish());
  }

  /**
   * Publishes profile events to the events exchange, routed by type, one after another, each
   * confirmed before the next: a profile's events reach the broker in the order given.
   */
  async publishEvents(events: readonly { readonly routingKey: string; readonly event: ProfileCloudEvent }[]): Promise<void> {
    const broker = this.broker;
    if (!broker || !this.connected) throw new DependencyUnavailableError('queue', 2);
    for (const { routingKey, event } of events) {
      await this.guard.run(
        async () =>
          this.confirmed(
            await broker.publish(EVENT_PUBLICATION, event, {
              routingKey,
              options: {
                messageId: event.id,
                type: event.type,
                contentType: CLOUDEVENTS_CONTENT_TYPE,
                timestamp: Math.floor(Date.parse(event.time) / 1000),
              },
            }),
          ),
        {
          idempotent: false,
          operation: 'publish',
          kind: SpanKind.PRODUCER,
          attributes: { 'messaging.operation.type': 'send', 'messaging.message.id': event.id },
        },
      );
    }
  }

  async consume(handler: TaskHandler): Promise<TaskConsumer> {
    const consumer = new RascalConsumer(
      handler,
      this.settings.redeliveryDelayMs,
      (message, delayMs) => this.publish(message, { delayMs }),
      this.log,
      () => {
        this.consumers.delete(consumer);
      },
      () => this.connected,
    );
    this.consumers.add(consumer);
    if (this.broker) await consumer.attach(this.broker);
    return consumer;
  }

  async close(): Promise<void> {
    this.stopConnecting.abort();
    await this.connecting;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await this.broker?.shutdown().catch((error: unknown) => this.log.warn({ err: error }, 'RabbitMQ shutdown failed'));
    this.connected = false;
  }

  private async connect(): Promise<void> {
    const broker = await rascal.BrokerAsPromised.create(rascal.withDefaultConfig(rascalConfig(this.settings))).catch(
      async (error: unknown) => {
        // A broker that failed half-way (connected, then refused a declaration) is handed along
        // with the error: shut down, or its connection and timer would outlive every attempt.
        const failed = error as { broker?: symbol } & Record<symbol, BrokerAsPromised | undefined>;
        if (failed.broker !== undefined) await failed[failed.broker]?.shutdown().catch(() => undefined);
        throw error;
      },
    );
    // Without these listeners a lost connection would crash the process; Rascal reconnects by itself.
    broker.on('error', (error: Error) => this.log.warn({ err: error, step: 'queue' }, 'RabbitMQ error'));
    broker.on('disconnect', () => {
      this.connected = false;
      this.log.warn({ step: 'queue' }, 'RabbitMQ connection lost; reconnecting');
    });
    broker.on('connect', () => {
      this.connected = true;
      this.log.info({ step: 'queue' }, 'RabbitMQ connected');
    });
    this.broker = broker;
    this.connected = true;
    this.refusal = undefined;
    this.log.info({ step: 'queue', queueType: this.settings.queueType }, 'RabbitMQ connected and topology declared');
    for (const consumer of this.consumers) await consumer.attach(broker);
  }

  /** Publishes and resolves on the broker's confirm; a publish held for a lost connection is aborted. */
  private async send(broker: BrokerAsPromised, message: TaskMessage, delayMs: number): Promise<void> {
    const content = { taskId: message.taskId, type: message.type };
    const name = delayMs > 0 ? delayPublication(delayStepFor(delayMs)) : TASK_PUBLICATION;
    const headers = {
      ...(delayMs > 0 ? { [NOT_BEFORE]: Date.now() + delayMs } : {}),
      // W3C trace context as an AMQP header, where tracing tools look for it: the publish's span when traced.
      ...(message.traceContext ? { [TRACEPARENT]: activeTraceparent() ?? message.traceContext } : {}),
    };
    const publication = await broker.publish(name, content, { options: { headers, messageId: `${message.taskId}:${Date.now()}` } });
    publication.on('return', () => this.log.error({ taskId: message.taskId, publication: name }, 'task message was unroutable'));
    await this.confirmed(publication);
  }

  /** Resolves on the broker's confirm of a publication; one held for a lost connection is aborted. */
  private confirmed(publication: PublicationSession): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      publication.on('success', () => resolve());
      publication.on('error', (error: Error) => reject(error));
      // The typings miss 'paused'; as an EventEmitter the session has it.
      (publication as unknown as NodeJS.EventEmitter).on('paused', () => {
        publication.abort();
        reject(new Error('RabbitMQ connection lost during publish'));
      });
    });
  }
}

function asTaskMessage(content: unknown, traceContext: string | undefined): TaskMessage | null {
  if (typeof content !== 'object' || content === null) return null;
  const { taskId, type } = content as Record<string, unknown>;
  if (typeof taskId !== 'string' || !(TASK_TYPES as readonly unknown[]).includes(type)) return null;
  return { taskId, type: type as TaskType, ...(traceContext !== undefined ? { traceContext } : {}) };
}

class RascalConsumer implements TaskConsumer {
  private session: SubscriberSessionAsPromised | undefined;
  private readonly inHand = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly handler: TaskHandler,
    private readonly redeliveryDelayMs: number,
    private readonly republish: (message: TaskMessage, delayMs: number) => Promise<void>,
    private readonly log: Logger,
    private readonly detach: () => void,
    /** Whether the broker is connected now. */
    private readonly connected: () => boolean,
  ) {}

  async attach(broker: BrokerAsPromised): Promise<void> {
    if (this.stopped || this.session) return;
    const session = await broker.subscribe(TASK_SUBSCRIPTION);
    session.on('message', (message: Message, content: unknown, ackOrNack: AckOrNack) => {
      const handled = this.deliver(message, content, ackOrNack).finally(() => this.inHand.delete(handled));
      this.inHand.add(handled);
    });
    session.on('error', (error: Error) => this.log.warn({ err: error, step: 'queue' }, 'task subscription error'));
    // Unreadable and poison messages go to the dead letters, where operators can look at them.
    session.on('invalid_content', (error: Error, _message: Message, ackOrNack: AckOrNack) => ackOrNack(error, { strategy: 'nack' }));
    session.on('redeliveries_exceeded', (error: Error, _message: Message, ackOrNack: AckOrNack) => ackOrNack(error, { strategy: 'nack' }));
    this.session = session;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.detach();
    // Cancelling stops deliveries; the ones in hand are settled before the channel closes.
    const cancelled = this.session
      ?.cancel()
      .catch((error: unknown) => this.log.warn({ err: error }, 'cancelling the task subscription failed'));
    await Promise.all(this.inHand);
    // With the broker out of reach Rascal's cancel waits for a connection that may never come:
    // there is nothing left to cancel then (the broker gives unacknowledged messages back when a
    // connection dies), so the wait is bounded.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([cancelled, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.connected() ? CANCEL_WAIT_MS : 0)))]);
    clearTimeout(timer);
  }

  private async deliver(raw: Message, content: unknown, ackOrNack: AckOrNack): Promise<void> {
    const traceparent = raw.properties.headers?.[TRACEPARENT] as unknown;
    const message = asTaskMessage(content, typeof traceparent === 'string' ? traceparent : undefined);
    if (message === null) {
      ackOrNack(new Error('not a task message'), { strategy: 'nack' });
      return;
    }
    const notBefore = Number(raw.properties.headers?.[NOT_BEFORE] ?? 0);
    const early = notBefore - Date.now();
    const settlement: Settlement =
      early > EARLY_TOLERANCE_MS
        ? { outcome: 'retry', delayMs: early }
        : await this.handler(message).catch((error: unknown) => {
            this.log.warn({ err: error, taskId: message.taskId }, 'task handler failed; the message comes back later');
            return { outcome: 'retry' as const, delayMs: this.redeliveryDelayMs };
          });
    if (settlement.outcome === 'done') return ackOrNack();
    if (settlement.outcome === 'dead') return ackOrNack(new Error(`task ${message.taskId} is dead`), { strategy: 'nack' });
    try {
      await this.republish(message, settlement.delayMs);
      ackOrNack();
    } catch (error) {
      // Not republished: the broker keeps the original and delivers it again.
      ackOrNack(error as Error, { strategy: 'nack', requeue: true, defer: this.redeliveryDelayMs });
    }
  }
}
