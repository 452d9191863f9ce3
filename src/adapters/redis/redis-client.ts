// ioredis clients set to fail fast: while Redis is down, commands fail at once (no offline
// queue, no per-request retries) and the client reconnects in the background with backoff.
import { Redis } from 'ioredis';

export interface RedisSettings {
  /** host:port */
  readonly address: string;
  readonly password?: string;
  readonly db: number;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

export function createRedisClient(settings: RedisSettings, name: string): Redis {
  const [host, port] = settings.address.split(':');
  return new Redis({
    host: host ?? 'localhost',
    port: port ? Number(port) : 6379,
    db: settings.db,
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    connectionName: `profile-service:${name}`,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 5), 1000),
  });
}
