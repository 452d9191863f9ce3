// What a drill runs against: PostgreSQL, Redis and RabbitMQ (the machine's, or those the
// operator names; PostgreSQL replicated by the drill itself when the scenario fails it over),
// each behind a fault proxy of the drill's own; a database, a key prefix and a queue prefix
// that belong to this run alone and are removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { DELAY_STEPS_MS, topologyNames } from '../../src/adapters/rabbitmq/topology.js';
import { MachineDatabase, ReplicatedDatabase, type DrillDatabase, type Replication } from './drill-database.js';
import { DrillRabbit } from './drill-rabbitmq.js';
import { DrillRedis, type RedisTopologyKind } from './drill-redis.js';
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
  readonly prefix: string;
  private readonly dataDirs: string[] = [];

  private constructor(
    readonly run: string,
    private readonly targets: Targets,
    readonly database: DrillDatabase,
    /** The drill's own Redis topology, when the scenario asked for one (else the machine's, through the proxy). */
    readonly ownRedis: DrillRedis | undefined,
    /** The drill's own RabbitMQ cluster, when the scenario asked for one. */
    readonly ownRabbit: DrillRabbit | undefined,
    readonly proxies: { readonly postgres: FaultProxy; readonly redis: FaultProxy; readonly rabbitmq: FaultProxy },
  ) {
    this.prefix = `chaos-${run}`;
  }

  /**
   * Opens the drill's dependencies: the machine's PostgreSQL and Redis, or topologies of the
   * drill's own when `own` asks for them (a replicated PostgreSQL, Redis with Sentinel or Cluster).
   */
  static async open(
    targets: Targets,
    own: { readonly database?: Replication; readonly redis?: RedisTopologyKind; readonly rabbitmq?: 'cluster' } = {},
  ): Promise<DrillEnvironment> {
    const run = randomBytes(4).toString('hex');
    const database = own.database
      ? await ReplicatedDatabase.start(own.database)
      : await MachineDatabase.create(targets.dbUrl, `profiles_chaos_${run}`);
    const ownRedis = own.redis ? await DrillRedis.start(own.redis) : undefined;
    const ownRabbit = own.rabbitmq ? await DrillRabbit.cluster() : undefined;
    const [redisHost, redisPort] = targets.redisAddress.split(':');
    const queue = new URL(targets.queueUri);
    const proxies = {
      postgres: await FaultProxy.start(database.upstream),
      redis: await FaultProxy.start({ host: redisHost!, port: Number(redisPort || 6379) }),
      rabbitmq: await FaultProxy.start({ host: queue.hostname, port: Number(queue.port || 5672) }),
    };
    return new DrillEnvironment(run, targets, database, ownRedis, ownRabbit, proxies);
  }

  /** The replicated database the drill started; a scenario that fails over needs one. */
  get replicated(): ReplicatedDatabase {
    if (!(this.database instanceof ReplicatedDatabase))
      throw new Error("this drill runs on the machine's PostgreSQL, which it never fails over");
    return this.database;
  }

  /** The Redis topology the drill started; a scenario that fails Redis over needs one. */
  get redis(): DrillRedis {
    if (this.ownRedis === undefined) throw new Error("this drill runs on the machine's Redis, which it never fails over");
    return this.ownRedis;
  }

  /** The RabbitMQ cluster the drill started; a scenario that loses a node needs one. */
  get rabbitmq(): DrillRabbit {
    if (this.ownRabbit === undefined) throw new Error("this drill runs on the machine's RabbitMQ, one node it never kills");
    return this.ownRabbit;
  }

  /** A DATA_DIR of its own for one service process (the embedded database, a generated secret). */
  newDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), `${this.prefix}-`));
    this.dataDirs.push(dir);
    return dir;
  }

  /** The drill's own events exchange (EVENTS_EXCHANGE): what its services publish, its consumers read. */
  get eventsExchange(): string {
    return `${this.prefix}.events`;
  }

  /** The RabbitMQ the drill's services reach through the proxy, reached directly. */
  get queueUri(): string {
    return this.targets.queueUri;
  }

  /** The variables of a service process of this drill: its dependencies reached through the proxies. */
  serviceEnv(drivers: Drivers, extra: Record<string, string> = {}): Record<string, string> {
    const queue = new URL(this.targets.queueUri);
    queue.hostname = '127.0.0.1';
    queue.port = String(this.proxies.rabbitmq.port);
    return {
      SERVER_HOST: '127.0.0.1',
      SERVER_PORT: '0',
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: process.env['CHAOS_LOG_LEVEL'] ?? 'info',
      AUTH_JWT_SECRET: DRILL_SECRET,
      DATA_DIR: this.newDataDir(),
      DB_DRIVER: drivers.db,
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.proxies.postgres.port),
      ...this.database.serviceEnv,
      EVENTS_EXCHANGE: this.eventsExchange,
      CACHE_DRIVER: drivers.cache,
      REDIS_ADDRESS: `127.0.0.1:${this.proxies.redis.port}`,
      CACHE_KEY_PREFIX: this.prefix,
      QUEUE_DRIVER: drivers.queue,
      ...(this.ownRabbit ? this.ownRabbit.serviceEnv : { QUEUE_URI: queue.toString() }),
      QUEUE_PREFIX: this.prefix,
      // The drill's load is steady and bounded; rate limits would only add 429s to the report.
      RATE_LIMIT_READS: '10000000',
      RATE_LIMIT_WRITES: '10000000',
      RATE_LIMIT_UPLOADS: '10000000',
      ...this.ownRedis?.serviceEnv,
      ...extra,
    };
  }

  /** A query on the drill's database, directly (not through the proxy): what was really stored. */
  query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
    return this.database.query<R>(text, params);
  }

  /** Removes everything the drill made: its database, keys, queues and folders. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.close()));
    const steps: Promise<unknown>[] = [
      this.database.close(),
      this.deleteKeys(),
      this.deleteTopology(),
      ...[this.ownRedis, this.ownRabbit].filter((own) => own !== undefined).map((own) => own.close()),
    ];
    for (const result of await Promise.allSettled(steps)) {
      if (result.status === 'rejected') process.stderr.write(`cleanup: ${String(result.reason)}\n`);
    }
    for (const dir of this.dataDirs) rmSync(dir, { recursive: true, force: true });
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
      await channel.deleteExchange(this.eventsExchange);
    } finally {
      await connection.close();
    }
  }
}
