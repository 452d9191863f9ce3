// Redis for integration tests: REDIS_ADDRESS, else the local server on 127.0.0.1:6379, else a
// testcontainers container where a Docker engine answers. Tests share the server and keep
// apart by key namespace.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { standalone, type RedisClient, type RedisSettings } from '../../src/adapters/redis/redis-client.js';

let address: Promise<string> | undefined;

async function reachable(candidate: string): Promise<boolean> {
  const [host, port] = candidate.split(':');
  const client = new Redis({
    host: host!,
    port: Number(port),
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function redisAddress(): Promise<string> {
  return (address ??= (async () => {
    const configured = process.env['REDIS_ADDRESS'] ?? '127.0.0.1:6379';
    if (await reachable(configured)) return configured;
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    return `${container.getHost()}:${container.getMappedPort(6379)}`;
  })());
}

/** Client settings for the test Redis (or the topology given), with timeouts that suit a test. */
export async function redisSettings(topology?: RedisSettings['topology']): Promise<RedisSettings> {
  return { topology: topology ?? standalone(await redisAddress()), db: 0, commandTimeoutMs: 500, connectTimeoutMs: 1000 };
}

/** A key namespace no other test uses. */
export const testNamespace = () => `test-${randomBytes(5).toString('hex')}`;

/** Resolves once the client is connected and ready. */
export function ready(client: RedisClient): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}
