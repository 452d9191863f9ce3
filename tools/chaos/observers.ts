// What a drill watches besides its load: readiness as each instance reports it, and how stale
// a read can be after a write was acknowledged on another instance.
import { randomBytes } from 'node:crypto';
import amqplib from 'amqplib';
import { cloudEventType } from '../../src/adapters/events/cloud-events.js';
import type { ProfileEventType } from '../../src/domain/events/profile-event.js';
import { HttpClient } from './http-client.js';
import { tokenFor } from './load.js';

export interface ReadinessSample {
  readonly phase: string;
  readonly instance: string;
  /** When the answer arrived: what it reports was true by then, not necessarily when it was asked. */
  readonly at: number;
  /** 200 or 503, or 0 when nothing answered. */
  readonly status: number;
  readonly breakers: Record<string, string>;
  /** Each dependency's status as reported: up, degraded or down. */
  readonly dependencies: Record<string, string>;
}

/** Polls each instance's /health/ready every 250 ms. */
export class ReadinessMonitor {
  readonly samples: ReadinessSample[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(instances: () => readonly { readonly name: string; readonly url: string }[], phase: () => string) {
    const client = new HttpClient(2);
    this.loop = (async () => {
      while (this.running) {
        await Promise.all(
          instances().map(async (instance) => {
            try {
              const reply = await client.send(`${instance.url}/health/ready`, 'GET', { timeoutMs: 2000 });
              const checks = (JSON.parse(reply.body) as { checks?: Record<string, { breaker?: string; status: string }> }).checks ?? {};
              const breakers = Object.fromEntries(
                Object.entries(checks)
                  .filter(([, c]) => c.breaker)
                  .map(([name, c]) => [name, c.breaker!]),
              );
              const dependencies = Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.status]));
              this.samples.push({ phase: phase(), instance: instance.name, at: Date.now(), status: reply.status, breakers, dependencies });
            } catch {
              this.samples.push({ phase: phase(), instance: instance.name, at: Date.now(), status: 0, breakers: {}, dependencies: {} });
            }
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      client.close();
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

export interface Staleness {
  readonly phase: string;
  /** From the write's acknowledgement to the moment every instance served it. */
  readonly ms: number;
}

/**
 * Patches one profile through the first instance twice a second, and after each acknowledged
 * write reads it from every instance until each serves that version (or `limitMs` passes).
 */
export class StalenessProbe {
  readonly samples: Staleness[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(instances: () => readonly { readonly url: string }[], phase: () => string, limitMs: number) {
    const client = new HttpClient(4);
    this.loop = (async () => {
      const admin = await tokenFor('chaos-staleness', ['admin']);
      const auth = { authorization: `Bearer ${admin}` };
      const tag = randomBytes(3).toString('hex');
      const [writer] = instances();
      const created = await client.send(`${writer!.url}/v1/profiles`, 'POST', {
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          ownerId: `chaos-stale-${tag}`,
          handle: `stale_${tag}`,
          email: `stale-${tag}@chaos.example.com`,
          displayName: 'Stale',
        }),
      });
      const path = `/v1/profiles/${(JSON.parse(created.body) as { id: string }).id}`;
      for (let i = 0; this.running; i++) {
        const writePhase = phase();
        const patched = await client
          .send(`${instances()[0]!.url}${path}`, 'PATCH', {
            headers: { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': '*' },
            body: JSON.stringify({ bio: `write ${i}` }),
          })
          .catch(() => null);
        if (patched?.status === 200) {
          const acked = Date.now();
          const { version } = JSON.parse(patched.body) as { version: number };
          const seen = await Promise.all(
            instances().map(async (instance) => {
              while (Date.now() - acked < limitMs) {
                const read = await client.send(`${instance.url}${path}`, 'GET', { headers: auth, timeoutMs: 2000 }).catch(() => null);
                if (read?.status === 200 && (JSON.parse(read.body) as { version: number }).version >= version) return Date.now() - acked;
                await new Promise((resolve) => setTimeout(resolve, 50));
              }
              return limitMs;
            }),
          );
          this.samples.push({ phase: writePhase, ms: Math.max(...seen) });
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      client.close();
    })();
  }

  /**
   * Waits until a write made in `phase` has been measured, or `limitMs` passes: a phase shorter
   * than one measurement (a write made just before it began can take the whole L1 TTL) would
   * otherwise end with no figure at all.
   */
  async measured(phase: string, limitMs: number): Promise<void> {
    const until = Date.now() + limitMs;
    while (this.running && Date.now() < until && !this.samples.some((s) => s.phase === phase)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** A profile event as a consumer saw it. */
export interface SeenEvent {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly version: number;
  readonly at: number;
}

/**
 * A consumer of the drill's events exchange, as another service would bind one: an exclusive
 * queue bound with `profile.#`, straight to RabbitMQ (the service's link is what the drill cuts).
 */
export class EventWatch {
  readonly seen: SeenEvent[] = [];

  private constructor(private readonly connection: amqplib.ChannelModel) {}

  static async start(queueUri: string, exchange: string): Promise<EventWatch> {
    const connection = await amqplib.connect(queueUri);
    const watch = new EventWatch(connection);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'profile.#');
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const event = JSON.parse(message.content.toString()) as { id: string; type: string; subject: string; profileversion: number };
        watch.seen.push({ id: event.id, type: event.type, subject: event.subject, version: event.profileversion, at: Date.now() });
      },
      { noAck: true },
    );
    return watch;
  }

  /** The profiles among `ids` whose `io.profileservice.<type>.v1` event has not arrived. */
  missing(ids: Iterable<string>, type: ProfileEventType): string[] {
    const arrived = new Set(this.seen.filter((e) => e.type === cloudEventType(type)).map((e) => e.subject));
    return [...ids].filter((id) => !arrived.has(id));
  }

  async stop(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
