// The traffic of a drill: a steady, bounded, mixed load over keep-alive connections, every
// request recorded with its phase; what was acknowledged (creates, patches, accepted tasks),
// to be read back afterwards; readiness as each instance reports it; and how stale a read
// can be after a write was acknowledged on another instance.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import sharp from 'sharp';
import { mintToken } from '../../src/adapters/http/auth/jwt.js';
import { DRILL_SECRET } from './environment.js';

export type Operation = 'get' | 'list' | 'create' | 'patch' | 'import' | 'avatar';
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

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One keep-alive HTTP client: `connections` sockets at most per instance, as a load balancer holds them. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(connections: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(url: string, method: string, options: { headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {}): Promise<Reply> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const req = request({
        host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, agent: this.agent,
        headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
        timeout: options.timeoutMs ?? 10_000,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** How a request failed without an answer, in one word for the report. */
export function failureOf(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return 'reset';
  if (code === 'TIMEOUT') return 'timeout';
  return code || 'error';
}

export interface LoadOptions {
  /** The API servers to spread the load over (read each time: a restart changes them). */
  readonly servers: () => readonly { readonly url: string }[];
  /** Concurrent requests (keep-alive connections per instance). */
  readonly concurrency: number;
  readonly ratePerSecond: number;
  readonly mix: Mix;
}

const tokenFor = (subject: string, roles: ('user' | 'admin')[]) =>
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
  private seeds: string[] = [];
  private admin = '';
  private image = Buffer.alloc(0);
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;
  private readonly tag = randomBytes(3).toString('hex');

  constructor(private readonly options: LoadOptions) {
    this.client = new HttpClient(options.concurrency);
  }

  /** Creates the profiles that reads and patches go to. */
  async seed(count: number): Promise<void> {
    this.admin = await tokenFor('chaos-admin', ['admin']);
    this.image = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer();
    for (let i = 0; i < count; i++) {
      const reply = await this.send('create', this.createBody(`seed-${i}`));
      if (reply.status !== 201) throw new Error(`seeding failed: ${reply.status} ${reply.body}`);
      const id = (JSON.parse(reply.body) as { id: string }).id;
      this.seeds.push(id);
      this.created.add(id);
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

  private pick(): Operation {
    const entries = Object.entries(this.options.mix) as [Operation, number][];
    let roll = Math.random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [op, weight] of entries) if ((roll -= weight) < 0) return op;
    return entries[0]![0];
  }

  private async one(op: Operation): Promise<void> {
    const phase = this.phase;
    const started = Date.now();
    try {
      const reply = await this.send(op);
      this.samples.push({
        phase, op, at: started, ms: Date.now() - started, status: reply.status,
        ...(typeof reply.headers['retry-after'] === 'string' ? { retryAfter: reply.headers['retry-after'] } : {}),
      });
      this.remember(op, phase, reply);
    } catch (error) {
      this.samples.push({ phase, op, at: started, ms: Date.now() - started, error: failureOf(error) });
    }
  }

  private remember(op: Operation, phase: string, reply: Reply): void {
    if (op === 'create' && reply.status === 201) this.created.add((JSON.parse(reply.body) as { id: string }).id);
    if (op === 'patch' && reply.status === 200) {
      const { id, version } = JSON.parse(reply.body) as { id: string; version: number };
      this.acknowledged.set(id, Math.max(version, this.acknowledged.get(id) ?? 0));
    }
    if ((op === 'import' || op === 'avatar') && reply.status === 202) {
      this.tasks.set((JSON.parse(reply.body) as { id: string }).id, { acceptedAt: Date.now(), phase });
    }
  }

  private createBody(owner: string): string {
    const n = `${this.tag}_${owner.replace(/\W/g, '_')}`;
    return JSON.stringify({ ownerId: `chaos-${n}`, handle: `c_${n}`.slice(0, 30), email: `${n}@chaos.example.com`, displayName: `Chaos ${n}` });
  }

  private send(op: Operation, body?: string): Promise<Reply> {
    const servers = this.options.servers();
    const base = servers[this.n++ % servers.length]!.url;
    const auth = { authorization: `Bearer ${this.admin}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const seed = this.seeds[Math.floor(Math.random() * this.seeds.length)];
    switch (op) {
      case 'get':
        return this.client.send(`${base}/v1/profiles/${seed}`, 'GET', { headers: auth });
      case 'list':
        return this.client.send(`${base}/v1/profiles?limit=10`, 'GET', { headers: auth });
      case 'create':
        return this.client.send(`${base}/v1/profiles`, 'POST', { headers: json, body: body ?? this.createBody(`n${this.n}`) });
      case 'patch':
        return this.client.send(`${base}/v1/profiles/${seed}`, 'PATCH', {
          headers: { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': '*' }, body: JSON.stringify({ bio: `drill ${this.n}` }),
        });
      case 'import': {
        const lines = [1, 2].map((i) => JSON.parse(this.createBody(`imp${this.n}x${i}`)) as object).map((line) => JSON.stringify(line)).join('\n');
        return this.client.send(`${base}/v1/profiles/import`, 'POST', { headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines });
      }
      case 'avatar':
        return this.client.send(`${base}/v1/profiles/${seed}/avatar`, 'PUT', { headers: { ...auth, 'content-type': 'image/png' }, body: this.image });
    }
  }
}

export interface ReadinessSample {
  readonly phase: string;
  readonly instance: string;
  /** When the answer arrived: what it reports was true by then, not necessarily when it was asked. */
  readonly at: number;
  /** 200 or 503, or 0 when nothing answered. */
  readonly status: number;
  readonly breakers: Record<string, string>;
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
        await Promise.all(instances().map(async (instance) => {
          try {
            const reply = await client.send(`${instance.url}/health/ready`, 'GET', { timeoutMs: 2000 });
            const checks = (JSON.parse(reply.body) as { checks?: Record<string, { breaker?: string }> }).checks ?? {};
            const breakers = Object.fromEntries(Object.entries(checks).filter(([, c]) => c.breaker).map(([name, c]) => [name, c.breaker!]));
            this.samples.push({ phase: phase(), instance: instance.name, at: Date.now(), status: reply.status, breakers });
          } catch {
            this.samples.push({ phase: phase(), instance: instance.name, at: Date.now(), status: 0, breakers: {} });
          }
        }));
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
        body: JSON.stringify({ ownerId: `chaos-stale-${tag}`, handle: `stale_${tag}`, email: `stale-${tag}@chaos.example.com`, displayName: 'Stale' }),
      });
      const path = `/v1/profiles/${(JSON.parse(created.body) as { id: string }).id}`;
      for (let i = 0; this.running; i++) {
        const writePhase = phase();
        const patched = await client.send(`${instances()[0]!.url}${path}`, 'PATCH', {
          headers: { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': '*' }, body: JSON.stringify({ bio: `write ${i}` }),
        }).catch(() => null);
        if (patched?.status === 200) {
          const acked = Date.now();
          const { version } = JSON.parse(patched.body) as { version: number };
          const seen = await Promise.all(instances().map(async (instance) => {
            while (Date.now() - acked < limitMs) {
              const read = await client.send(`${instance.url}${path}`, 'GET', { headers: auth, timeoutMs: 2000 }).catch(() => null);
              if (read?.status === 200 && (JSON.parse(read.body) as { version: number }).version >= version) return Date.now() - acked;
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return limitMs;
          }));
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
