// Which Redis data an instance is using: the replication id of each master it talks to. A
// failover (a replica promoted), or a server restarted empty, gives a new one; a reconnect to
// the same master after a blip does not. And whether a connection has landed on a replica: a
// demoted master behind an endpoint that has not moved yet, which would serve old entries.
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client.js';

export interface ServerView {
  /** The masters' replication ids, in order: changes when the data behind the client may have. */
  readonly identity: string;
  /** A connection (outside a Cluster, whose replicas it knows) answers as a replica. */
  readonly onReplica: boolean;
}

function fieldsOf(info: string): Record<string, string> {
  return Object.fromEntries(
    info
      .split(/\r?\n/)
      .filter((line) => line.includes(':'))
      .map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      }),
  );
}

export async function serverView(redis: RedisClient): Promise<ServerView> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const fields = (await Promise.all(servers.map((server) => server.info('replication')))).map(fieldsOf);
  return {
    identity: fields
      .map((f) => f['master_replid'] ?? '')
      .sort()
      .join(','),
    onReplica: !(redis instanceof Cluster) && fields.some((f) => f['role'] === 'slave'),
  };
}
