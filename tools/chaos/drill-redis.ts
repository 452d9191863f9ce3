// The drill's Redis: the machine's behind the drill's proxy (the default), or a topology the
// drill starts itself (tools/redis/local-redis.ts) for the drills that fail over a master or
// spread keys over a Cluster. The machine's Redis is never stopped or reconfigured.
import { LocalRedis } from '../redis/local-redis.js';

export type RedisTopologyKind = 'sentinel' | 'cluster';

const MASTER_NAME = 'drill';

/** A master, its replica and three Sentinels; or a Cluster of three masters. Removed after the drill. */
export class DrillRedis {
  private constructor(
    readonly kind: RedisTopologyKind,
    /** Sentinel: the master and its replica. Cluster: the masters. */
    readonly servers: readonly LocalRedis[],
    readonly sentinels: readonly LocalRedis[],
  ) {}

  static async start(kind: RedisTopologyKind): Promise<DrillRedis> {
    if (kind === 'cluster') return new DrillRedis(kind, await LocalRedis.cluster('drill'), []);
    const master = await LocalRedis.server('drill-master');
    const replica = await LocalRedis.server('drill-replica', { replicaOf: master });
    return new DrillRedis(kind, [master, replica], await LocalRedis.sentinels(master, MASTER_NAME));
  }

  /** The service's REDIS_* variables for this topology. */
  get serviceEnv(): Record<string, string> {
    const list = (servers: readonly LocalRedis[]) => servers.map((s) => s.address).join(',');
    return this.kind === 'cluster'
      ? { REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: list(this.servers) }
      : { REDIS_MODE: 'sentinel', REDIS_SENTINELS: list(this.sentinels), REDIS_SENTINEL_NAME: MASTER_NAME };
  }

  /** The address the Sentinels give for the master now. */
  async masterAddress(): Promise<string> {
    const reply = await this.sentinels[0]!.command('SENTINEL', 'get-master-addr-by-name', MASTER_NAME);
    return reply.split(',').join(':');
  }

  /** The server at `address`. */
  serverAt(address: string): LocalRedis {
    const server = this.servers.find((s) => s.address === address);
    if (server === undefined) throw new Error(`no server of the drill at ${address}`);
    return server;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.servers].map((s) => s.remove()));
  }
}
