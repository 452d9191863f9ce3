// ioredis clients set to fail fast, for each topology users run: one server (or a primary
// endpoint that moves), a master found through Sentinel, or a Cluster; over TLS and with an ACL
// user when asked. While Redis is down, commands fail at once (no offline queue, no per-request
// retries) and the client reconnects in the background with backoff. A command that meets a
// read-only replica (a demoted master) reconnects, which asks Sentinel (or DNS) for the master.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export const REDIS_MODES = ['standalone', 'sentinel', 'cluster'] as const;

export type RedisTopology =
  | { readonly mode: 'standalone'; readonly address: Endpoint }
  | { readonly mode: 'sentinel'; readonly sentinels: readonly Endpoint[]; readonly masterName: string; readonly sentinelPassword?: string }
  | { readonly mode: 'cluster'; readonly nodes: readonly Endpoint[] };

/** TLS to every node and sentinel; PEM text. Node's CA store verifies when `ca` is unset. */
export interface RedisTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface RedisSettings {
  readonly topology: RedisTopology;
  /** An ACL user (Redis 6+, ElastiCache RBAC); `default` when unset. */
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  /** Plain TCP when unset. */
  readonly tls?: RedisTls;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

/** A connection to Redis, whatever the topology. */
export type RedisClient = Redis | Cluster;

/**
 * Connects `client` again whenever it ends without having been asked to (`closing` false):
 * ioredis ends a client, for good, when a reconnect fails in ways its retry strategy never
 * sees (a Sentinel connector cancelled mid-way). `onRevive` is told each time.
 */
export function reconnectWhenEnded(client: RedisClient, closing: () => boolean, onRevive: () => void): void {
  client.on('end', () => {
    if (closing()) return;
    onRevive();
    setTimeout(() => {
      if (!closing() && client.status === 'end') client.connect().catch(() => undefined);
    }, 1000).unref();
  });
}

/** `host:port` as an endpoint (the address has been validated). */
export function endpointOf(address: string): Endpoint {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/** One server at `host:port`: the topology of tests and of a single managed primary endpoint. */
export const standalone = (address: string): RedisTopology => ({ mode: 'standalone', address: endpointOf(address) });

/** Where the client goes, for logs and health reports: no credential ever. */
export function describeTopology({ topology, tls }: Pick<RedisSettings, 'topology' | 'tls'>): string {
  const list = (endpoints: readonly Endpoint[]) => endpoints.map((e) => `${e.host}:${e.port}`).join(',');
  const where =
    topology.mode === 'standalone'
      ? `${topology.address.host}:${topology.address.port}`
      : topology.mode === 'sentinel'
        ? `master "${topology.masterName}" via ${list(topology.sentinels)}`
        : list(topology.nodes);
  return `${topology.mode} ${where}${tls ? ' (TLS)' : ''}`;
}

/** READONLY: the command reached a replica (a master demoted by a failover). Reconnect, then send it again. */
const RECONNECT_AND_RESEND = 2;
const reconnectOnError = (error: Error) => (error.message.startsWith('READONLY') ? RECONNECT_AND_RESEND : false);

const reconnectBackoff = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 5), 1000);

export function createRedisClient(settings: RedisSettings, name: string): RedisClient {
  const tls: ConnectionOptions | undefined = settings.tls === undefined ? undefined : { ...settings.tls };
  const common: RedisOptions = {
    ...(settings.username !== undefined ? { username: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(tls ? { tls } : {}),
    connectionName: `profile-service:${name}`,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    reconnectOnError,
  };
  const { topology } = settings;
  switch (topology.mode) {
    case 'standalone':
      return new Redis({ ...common, ...topology.address, db: settings.db, enableOfflineQueue: false, retryStrategy: reconnectBackoff });
    case 'sentinel':
      return new Redis({
        ...common,
        db: settings.db,
        enableOfflineQueue: false,
        retryStrategy: reconnectBackoff,
        sentinels: topology.sentinels.map((s) => ({ host: s.host, port: s.port })),
        name: topology.masterName,
        ...(topology.sentinelPassword !== undefined ? { sentinelPassword: topology.sentinelPassword } : {}),
        ...(tls ? { enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
        sentinelRetryStrategy: reconnectBackoff,
        // No failoverDetector: ioredis's detector outlives the connection it watched, and the
        // +switch-master it hears while the client is already reconnecting cancels that
        // reconnect, which ends the client for good (seen in the redis-failover drill). A dead
        // master fails its connection anyway; a demoted one answers READONLY (reconnectOnError
        // above) or is found by the cache's server check within a second.
      });
    case 'cluster': {
      const options: ClusterOptions = {
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        clusterRetryStrategy: reconnectBackoff,
        // A slot moving at a failover: a short wait, then the command is sent where it now lives.
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        redisOptions: { ...common, enableAutoPipelining: undefined },
        // Managed clusters over TLS answer with addresses their certificates name: keep them as given.
        ...(tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
      };
      return new Cluster(
        topology.nodes.map((n) => ({ host: n.host, port: n.port })),
        options,
      );
    }
  }
}
