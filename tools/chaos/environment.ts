// What a drill runs against: PostgreSQL, Redis and RabbitMQ (the machine's, or those the
// operator names), each behind a fault proxy of the drill's own; a database, a key prefix and
// a queue prefix that belong to this run alone and are removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DELAY_STEPS_MS, topologyNames } from '../../src/adapters/rabbitmq/topology.js';
import { FaultProxy } from './fault-proxy.js';

export interface Targets {
  /** A PostgreSQL URL whose database the drill may connect to in order to create its own. */
  readonly dbUrl: string;
  readonly redisAddress: string;
  readonly queueUri: string;
}

export const DEFAULT_TARGETS: Targets = {
  dbUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  redisAddress: '127.0.0.1:6379',
  queueUri: 'amqp://guest:guest@127.0.0.1:5672/',
};

export interface Drivers {
  readonly db: 'postgres' | 'pglite';
  readonly cache: 'memory' | 'redis';
  readonly queue: 'memory' | 'rabbitmq';
}

/** The token secret every service of a drill shares; the drill mints its clients' tokens with it. */
export const DRILL_SECRET = 'chaos-drill-secret-that-is-at-least-32-bytes';

export class DrillEnvironment {
  readonly run = randomBytes(4).toString('hex');
  readonly database = `profiles_chaos_${this.run}`;
  readonly prefix = `chaos-${this.run}`;
  private readonly dataDirs: string[] = [];

  private constructor(
    private readonly targets: Targets,
    readonly proxies: { readonly postgres: FaultProxy; readonly redis: FaultProxy; readonly rabbitmq: FaultProxy },
  ) {}

  static async open(targets: Targets): Promise<DrillEnvironment> {
    const db = new URL(targets.dbUrl);
    const [redisHost, redisPort] = targets.redisAddress.split(':');
    const queue = new URL(targets.queueUri);
    const proxies = {
      postgres: await FaultProxy.start({ host: db.hostname, port: Number(db.port || 5432) }),
      redis: await FaultProxy.start({ host: redisHost!, port: Number(redisPort || 6379) }),
      rabbitmq: await FaultProxy.start({ host: queue.hostname, port: Number(queue.port || 5672) }),
    };
    const environment = new DrillEnvironment(targets, proxies);
    await environment.admin((client) => client.query(`CREATE DATABASE ${environment.database}`));
    return environment;
  }

  /** A DATA_DIR of its own for one service process (the embedded database, a generated secret). */
  newDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), `${this.prefix}-`));
    this.dataDirs.push(dir);
    return dir;
  }

  /** The variables of a service process of this drill: its dependencies reached through the proxies. */
  serviceEnv(drivers: Drivers, extra: Record<string, string> = {}): Record<string, string> {
    const db = new URL(this.targets.dbUrl);
    const queue = new URL(this.targets.queueUri);
    queue.hostname = '127.0.0.1';
    queue.port = String(this.proxies.rabbitmq.port);
    return {
      SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', WORKER_HTTP_PORT: '0', LOG_LEVEL: 'info', AUTH_JWT_SECRET: DRILL_SECRET,
      DATA_DIR: this.newDataDir(),
      DB_DRIVER: drivers.db, DB_HOST: '127.0.0.1', DB_PORT: String(this.proxies.postgres.port), DB_NAME: this.database,
      DB_USER: decodeURIComponent(db.username || 'postgres'), ...(db.password ? { DB_PASSWORD: decodeURIComponent(db.password) } : {}),
      CACHE_DRIVER: drivers.cache, REDIS_ADDRESS: `127.0.0.1:${this.proxies.redis.port}`, CACHE_KEY_PREFIX: this.prefix,
      QUEUE_DRIVER: drivers.queue, QUEUE_URI: queue.toString(), QUEUE_PREFIX: this.prefix,
      // The drill's load is steady and bounded; rate limits would only add 429s to the report.
      RATE_LIMIT_READS: '10000000', RATE_LIMIT_WRITES: '10000000', RATE_LIMIT_UPLOADS: '10000000',
      ...extra,
    };
  }

  /** A query on the drill's database, directly (not through the proxy): what was really stored. */
  async query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.urlOf(this.database) });
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Removes everything the drill made: its database, keys, queues and folders. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.close()));
    const steps: Promise<unknown>[] = [
      this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`)),
      this.deleteKeys(),
      this.deleteTopology(),
    ];
    for (const result of await Promise.allSettled(steps)) {
      if (result.status === 'rejected') process.stderr.write(`cleanup: ${String(result.reason)}\n`);
    }
    for (const dir of this.dataDirs) rmSync(dir, { recursive: true, force: true });
  }

  private urlOf(database: string): string {
    const url = new URL(this.targets.dbUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  private async admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.targets.dbUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  private async deleteKeys(): Promise<void> {
    const [host, port] = this.targets.redisAddress.split(':');
    const redis = new Redis({ host: host!, port: Number(port || 6379), maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  private async deleteTopology(): Promise<void> {
    const names = topologyNames(this.prefix);
    const connection = await amqplib.connect(this.targets.queueUri);
    try {
      const channel = await connection.createChannel();
      for (const queue of [names.workQueue, names.deadQueue, ...DELAY_STEPS_MS.map(names.delayQueue)]) await channel.deleteQueue(queue);
      for (const exchange of ['tasks', 'delay', 'dead']) await channel.deleteExchange(`${this.prefix}.${exchange}`);
    } finally {
      await connection.close();
    }
  }
}
