// Profile events for another service: a durable queue of its own, bound to the service's events
// exchange, each event handed to `handler` and acknowledged once it returns. Delivery is at
// least once and a profile's events may come again (a re-publication, a redelivery): here each
// is handed over once (its id) and never older than what was applied for that profile (its
// version), and one profile's events are handled one at a time, in the order they came.
import amqplib, { type ConsumeMessage } from 'amqplib';
import type { components } from './generated/schema.js';

type Profile = components['schemas']['Profile'];

/** The routing keys, and the `type` of each CloudEvent without its `io.profileservice.` and `.v1`. */
export type ProfileEventType =
  | 'profile.created'
  | 'profile.updated'
  | 'profile.deleted'
  | 'profile.restored'
  | 'profile.purged'
  | 'profile.avatar.ready'
  | 'profile.avatar.removed';

interface CloudEvent<T extends ProfileEventType, D> {
  readonly specversion: '1.0';
  /** Unique per event; the same when it is published again. */
  readonly id: string;
  readonly source: string;
  readonly type: `io.profileservice.${T}.v1`;
  /** The profile's id. */
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** The profile's version after the change. */
  readonly profileversion: number;
  readonly data: D;
}

/**
 * A profile event: the profile at that version (public members unless the service sends private
 * ones), or, purged, its id and last version.
 */
export type ProfileEvent =
  | { [T in Exclude<ProfileEventType, 'profile.purged'>]: CloudEvent<T, Profile> }[Exclude<ProfileEventType, 'profile.purged'>]
  | CloudEvent<'profile.purged', { readonly id: string; readonly version: number }>;

/** Where the version applied for each profile is kept; in memory unless given (keep it with your data to survive restarts). */
export interface VersionStore {
  get(profileId: string): Promise<number | undefined> | number | undefined;
  set(profileId: string, version: number): Promise<void> | void;
}

export interface SubscribeOptions {
  /** The RabbitMQ URI (amqp:// or amqps://). */
  readonly url: string;
  /** Your queue's name: durable, so events wait for you while you are away. */
  readonly queue: string;
  readonly handler: (event: ProfileEvent) => Promise<void> | void;
  /** The service's EVENTS_EXCHANGE (default profile-events). */
  readonly exchange?: string;
  /** Which events (default every one: `profile.#`); `profile.avatar.*` for the avatar's. */
  readonly bindingKeys?: readonly string[];
  /** Arguments of the queue when it is made, such as `{ 'x-queue-type': 'quorum' }`. */
  readonly queueArguments?: Record<string, unknown>;
  /** Unacknowledged events at a time (default 10). */
  readonly prefetch?: number;
  readonly versions?: VersionStore;
  /** How many recent event ids are remembered to drop a repeat (default 10,000). */
  readonly rememberIds?: number;
  /** Told of an event the handler failed on (it comes again) or a message that is no event (it is dropped). */
  readonly onError?: (error: Error, event: ProfileEvent | undefined) => void;
}

export interface Subscription {
  /** Stops consuming and closes the connection; events not yet acknowledged come again to the next subscriber. */
  close(): Promise<void>;
  /** Settles when the subscription ends: after close(), or with the error that ended the connection (subscribe again). */
  readonly closed: Promise<Error | undefined>;
}

class InMemoryVersions implements VersionStore {
  private readonly versions = new Map<string, number>();
  get(profileId: string): number | undefined {
    return this.versions.get(profileId);
  }
  set(profileId: string, version: number): void {
    this.versions.set(profileId, version);
  }
}

/** The last `limit` ids seen, oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }
}

function parse(message: ConsumeMessage): ProfileEvent {
  const event = JSON.parse(message.content.toString()) as Partial<ProfileEvent>;
  if (
    typeof event.id !== 'string' ||
    typeof event.subject !== 'string' ||
    typeof event.profileversion !== 'number' ||
    typeof event.type !== 'string'
  ) {
    throw new Error('not a profile event: id, subject, type or profileversion is missing');
  }
  return event as ProfileEvent;
}

export async function subscribeProfileEvents(options: SubscribeOptions): Promise<Subscription> {
  const versions = options.versions ?? new InMemoryVersions();
  const recent = new RecentIds(options.rememberIds ?? 10_000);
  const report = options.onError ?? (() => undefined);
  // One profile's events one at a time: each waits for the one before it.
  const lanes = new Map<string, Promise<void>>();

  const connection = await amqplib.connect(options.url);
  let closing = false;
  const closed = new Promise<Error | undefined>((resolve) => {
    connection.on('error', () => undefined);
    connection.on('close', (error?: Error) => resolve(closing ? undefined : (error ?? new Error('the connection to RabbitMQ closed'))));
  });
  const channel = await connection.createChannel();
  const exchange = options.exchange ?? 'profile-events';
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(options.queue, { durable: true, ...(options.queueArguments ? { arguments: options.queueArguments } : {}) });
  for (const key of options.bindingKeys ?? ['profile.#']) await channel.bindQueue(options.queue, exchange, key);
  await channel.prefetch(options.prefetch ?? 10);

  const handle = async (message: ConsumeMessage, event: ProfileEvent): Promise<void> => {
    try {
      const applied = await versions.get(event.subject);
      if (!recent.has(event.id) && (applied === undefined || event.profileversion > applied)) {
        await options.handler(event);
        await versions.set(event.subject, event.profileversion);
      }
      recent.add(event.id);
      channel.ack(message);
    } catch (error) {
      report(error instanceof Error ? error : new Error(String(error)), event);
      channel.nack(message, false, true);
    }
  };

  const { consumerTag } = await channel.consume(options.queue, (message) => {
    if (message === null) return;
    let event: ProfileEvent;
    try {
      event = parse(message);
    } catch (error) {
      report(error instanceof Error ? error : new Error(String(error)), undefined);
      channel.nack(message, false, false);
      return;
    }
    const lane = (lanes.get(event.subject) ?? Promise.resolve()).then(() => handle(message, event));
    lanes.set(event.subject, lane);
    void lane.then(() => {
      if (lanes.get(event.subject) === lane) lanes.delete(event.subject);
    });
  });

  return {
    closed,
    async close() {
      closing = true;
      await channel.cancel(consumerTag).catch(() => undefined);
      await Promise.all(lanes.values());
      await connection.close().catch(() => undefined);
    },
  };
}
