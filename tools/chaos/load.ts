// The traffic of a drill: a steady, bounded, mixed load over keep-alive connections, every
// request recorded with its phase; what was acknowledged (creates, patches, restores, accepted
// tasks), to be read back afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { RetryOptions } from '../../clients/typescript/src/retry.js';
import { mintToken } from '../../src/adapters/http/auth/jwt.js';
import { DRILL_SECRET } from './environment.js';
import { HttpClient, failureOf, withClientRetries, type Reply, type Send } from './http-client.js';

/** What a request of the load does; `delete` and `restore` take turns on profiles of their own. */
export type Operation = 'get' | 'list' | 'create' | 'patch' | 'delete' | 'restore' | 'import' | 'avatar';
export type Mix = Partial<Record<Operation, number>>;

export interface Sample {
  readonly phase: string;
  readonly op: Operation;
  readonly at: number;
  readonly ms: number;
  readonly status?: number;
  /** How the request failed without an answer: refused, reset, timeout... */
  readonly error?: string;
  readonly retryAfter?: string;
}

export interface LoadOptions {
  /** The API servers to spread the load over (read each time: a restart changes them). */
  readonly servers: () => readonly { readonly url: string }[];
  /** Concurrent requests (keep-alive connections per instance). */
  readonly concurrency: number;
  readonly ratePerSecond: number;
  readonly mix: Mix;
  /**
   * The shipped client's retry policy (429 and 503 sent again as Retry-After says, for what may
   * be sent twice; creates carry an Idempotency-Key, as that client's do). None when unset: each
   * sample is then one request.
   */
  readonly retry?: RetryOptions;
}

/** Profiles kept apart for `delete` and `restore`, so the other operations never meet a deleted one. */
const LIFECYCLE_PROFILES = 6;

export const tokenFor = (subject: string, roles: ('user' | 'admin')[]) =>
  mintToken({ secret: new TextEncoder().encode(DRILL_SECRET) }, { subject, roles, ttlSeconds: 3600 });

export class Load {
  phase = 'before';
  readonly samples: Sample[] = [];
  /** Profiles whose create was answered 201. */
  readonly created = new Set<string>();
  /** The highest version each profile was acknowledged at (patches answered 200). */
  readonly acknowledged = new Map<string, number>();
  /** Tasks answered 202, by id, with when they were accepted. */
  readonly tasks = new Map<string, { readonly acceptedAt: number; readonly phase: string }>();
  readonly client: HttpClient;
  private readonly transport: Send;
  private seeds: string[] = [];
  /** Lifecycle profiles by state; one in flight is in neither. */
  private readonly live: string[] = [];
  private readonly deleted: string[] = [];
  private admin = '';
  private image = Buffer.alloc(0);
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;
  private readonly tag = randomBytes(3).toString('hex');

  constructor(private readonly options: LoadOptions) {
    this.client = new HttpClient(options.concurrency);
    const send: Send = (url, method, sendOptions) => this.client.send(url, method, sendOptions);
    this.transport = options.retry ? withClientRetries(send, options.retry) : send;
  }

  /** Creates the profiles that reads and patches go to, and those that `delete` and `restore` take turns on. */
  async seed(count: number): Promise<void> {
    this.admin = await tokenFor('chaos-admin', ['admin']);
    this.image = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .png()
      .toBuffer();
    const seeded = async (name: string) => {
      const reply = await this.send('create', this.createBody(name));
      if (reply.status !== 201) throw new Error(`seeding failed: ${reply.status} ${reply.body}`);
      const id = (JSON.parse(reply.body) as { id: string }).id;
      this.created.add(id);
      return id;
    };
    for (let i = 0; i < count; i++) this.seeds.push(await seeded(`seed-${i}`));
    if (this.options.mix.delete || this.options.mix.restore) {
      for (let i = 0; i < LIFECYCLE_PROFILES; i++) this.live.push(await seeded(`life-${i}`));
    }
  }

  start(): void {
    this.running = true;
    const interval = (this.options.concurrency / this.options.ratePerSecond) * 1000;
    this.loops = Array.from({ length: this.options.concurrency }, async () => {
      while (this.running) {
        const started = Date.now();
        await this.one(this.pick());
        const rest = interval - (Date.now() - started);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Sends a burst of `count` tasks of one kind (imports or avatar uploads) at once. */
  async burst(op: 'import' | 'avatar', count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, () => this.one(op)));
  }

  close(): void {
    this.client.close();
  }

  /** An operation by the mix's weights; a read when no lifecycle profile is free for a delete or a restore. */
  private pick(): Operation {
    const entries = Object.entries(this.options.mix) as [Operation, number][];
    let roll = Math.random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    const chosen = entries.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? entries[0]![0];
    if ((chosen === 'delete' && this.live.length === 0) || (chosen === 'restore' && this.deleted.length === 0)) return 'get';
    return chosen;
  }

  private async one(op: Operation): Promise<void> {
    const phase = this.phase;
    const started = Date.now();
    // A lifecycle profile is taken out of its list while its request is in flight.
    const target = op === 'delete' ? this.live.shift() : op === 'restore' ? this.deleted.shift() : undefined;
    try {
      const reply = await this.send(op, undefined, target);
      if (target !== undefined) this.settle(op, target, reply.status);
      this.samples.push({
        phase,
        op,
        at: started,
        ms: Date.now() - started,
        status: reply.status,
        ...(typeof reply.headers['retry-after'] === 'string' ? { retryAfter: reply.headers['retry-after'] } : {}),
      });
      this.remember(op, phase, reply);
    } catch (error) {
      if (target !== undefined) this.settle(op, target, 0);
      this.samples.push({ phase, op, at: started, ms: Date.now() - started, error: failureOf(error) });
    }
  }

  /** Puts a lifecycle profile back: deleted after a 204, restored after a 200, as it was otherwise. */
  private settle(op: Operation, id: string, status: number): void {
    const nowDeleted = op === 'delete' ? status === 204 : status !== 200;
    (nowDeleted ? this.deleted : this.live).push(id);
  }

  private remember(op: Operation, phase: string, reply: Reply): void {
    if (op === 'create' && reply.status === 201) this.created.add((JSON.parse(reply.body) as { id: string }).id);
    if ((op === 'patch' || op === 'restore') && reply.status === 200) {
      const { id, version } = JSON.parse(reply.body) as { id: string; version: number };
      this.acknowledged.set(id, Math.max(version, this.acknowledged.get(id) ?? 0));
    }
    if ((op === 'import' || op === 'avatar') && reply.status === 202) {
      this.tasks.set((JSON.parse(reply.body) as { id: string }).id, { acceptedAt: Date.now(), phase });
    }
  }

  private createBody(owner: string): string {
    const n = `${this.tag}_${owner.replace(/\W/g, '_')}`;
    return JSON.stringify({
      ownerId: `chaos-${n}`,
      handle: `c_${n}`.slice(0, 30),
      email: `${n}@chaos.example.com`,
      displayName: `Chaos ${n}`,
    });
  }

  private send(op: Operation, body?: string, target?: string): Promise<Reply> {
    const servers = this.options.servers();
    const base = servers[this.n++ % servers.length]!.url;
    const auth = { authorization: `Bearer ${this.admin}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const seed = this.seeds[Math.floor(Math.random() * this.seeds.length)];
    const send = this.transport;
    switch (op) {
      case 'get':
        return send(`${base}/v1/profiles/${seed}`, 'GET', { headers: auth });
      case 'list':
        return send(`${base}/v1/profiles?limit=10`, 'GET', { headers: auth });
      case 'create': {
        const keyed: Record<string, string> = this.options.retry ? { 'idempotency-key': randomUUID() } : {};
        return send(`${base}/v1/profiles`, 'POST', { headers: { ...json, ...keyed }, body: body ?? this.createBody(`n${this.n}`) });
      }
      case 'patch':
        return send(`${base}/v1/profiles/${seed}`, 'PATCH', {
          headers: { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': '*' },
          body: JSON.stringify({ bio: `drill ${this.n}` }),
        });
      case 'delete':
        return send(`${base}/v1/profiles/${target}`, 'DELETE', { headers: auth });
      case 'restore':
        return send(`${base}/v1/profiles/${target}/restore`, 'POST', { headers: auth });
      case 'import': {
        const lines = [1, 2]
          .map((i) => JSON.parse(this.createBody(`imp${this.n}x${i}`)) as object)
          .map((line) => JSON.stringify(line))
          .join('\n');
        return send(`${base}/v1/profiles/import`, 'POST', { headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines });
      }
      case 'avatar':
        return send(`${base}/v1/profiles/${seed}/avatar`, 'PUT', { headers: { ...auth, 'content-type': 'image/png' }, body: this.image });
    }
  }
}
