// A Redis client that ioredis has ended (a Sentinel reconnect cancelled mid-way ends it for
// good) is started again, unless the service is closing it.
import { createRedisClient, reconnectWhenEnded, type RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { eventually } from '../../support/eventually.js';
import { ready, redisSettings } from '../../support/redis.js';

let client: RedisClient;
afterEach(() => client.disconnect());

test('when the client ends without the service closing it, then it is told and connected again; while closing, it stays ended', async () => {
  client = createRedisClient(await redisSettings(), 'revival-test');
  client.on('error', () => undefined);
  let closing = false;
  let revivals = 0;
  reconnectWhenEnded(
    client,
    () => closing,
    () => revivals++,
  );
  await ready(client);

  const ended = new Promise((resolve) => client.once('end', resolve));
  client.disconnect();
  await ended;
  await eventually(() => Promise.resolve(client.status === 'ready' ? true : undefined), 5000, 'the client connected again');
  expect(revivals).toBe(1);
  expect(await client.ping()).toBe('PONG');

  closing = true;
  client.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect({ status: client.status, revivals }).toEqual({ status: 'end', revivals: 1 });
});
