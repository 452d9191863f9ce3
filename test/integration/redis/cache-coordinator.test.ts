// The coordinator's repair after a lost invalidation, against the real Redis.
import { createLogger } from '../../../src/adapters/observability/logger.js';
import { RedisCacheCoordinator, type CacheEvent } from '../../../src/adapters/redis/redis-cache-coordinator.js';
import { createRedisClient } from '../../../src/adapters/redis/redis-client.js';
import { RedisProfileCache } from '../../../src/adapters/redis/redis-profile-cache.js';
import { guardFor } from '../../../src/adapters/resilience/guard-for.js';
import { ready, redisSettings, testNamespace } from '../../support/redis.js';

test('when an invalidation is lost while the connection stays up, then a new generation is started and announced within about a second', async () => {
  const settings = await redisSettings();
  const [redis, subscriber, listener] = ['commands', 'events', 'other-instance'].map((name) => createRedisClient(settings, name));
  const guard = guardFor('cache', { timeoutMs: 550 });
  const namespace = testNamespace();
  const cache = new RedisProfileCache(redis!, guard, { namespace, ttlMs: 60_000, absentTtlMs: 1000 });
  const coordinator = new RedisCacheCoordinator(
    redis!,
    subscriber!,
    cache,
    guard,
    `${namespace}:v1:events`,
    createLogger({ name: 'test', level: 'fatal' }),
    60_000,
  );
  const announced: CacheEvent[] = [];
  listener!.on('message', (_channel: string, message: string) => announced.push(JSON.parse(message) as CacheEvent));
  try {
    await Promise.all([ready(redis!), ready(subscriber!), ready(listener!)]);
    await listener!.subscribe(`${namespace}:v1:events`);
    const before = Number((await redis!.get(cache.generationKey)) ?? 0);

    coordinator.invalidationFailed();
    const started = Date.now();
    while (announced.length === 0 && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(announced).toEqual([{ type: 'generation', generation: before + 1 }]);
    expect(Number(await redis!.get(cache.generationKey))).toBe(before + 1);
  } finally {
    coordinator.close();
    guard.shutdown();
    for (const client of [redis, subscriber, listener]) client!.disconnect();
  }
});

test('when one instance announces the invalidations of a bulk write, then another hears each of them, from one message', async () => {
  const settings = await redisSettings();
  const namespace = testNamespace();
  const instances = ['a', 'b'].map((name) => {
    const [redis, subscriber] = [`${name}-commands`, `${name}-events`].map((role) => createRedisClient(settings, role));
    const guard = guardFor('cache', { timeoutMs: 550 });
    const cache = new RedisProfileCache(redis!, guard, { namespace, ttlMs: 60_000, absentTtlMs: 1000 });
    const coordinator = new RedisCacheCoordinator(
      redis!,
      subscriber!,
      cache,
      guard,
      `${namespace}:v1:events`,
      createLogger({ name: 'test', level: 'fatal' }),
      60_000,
    );
    return { redis: redis!, subscriber: subscriber!, guard, coordinator };
  });
  const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
  const heard: CacheEvent[] = [];
  b.coordinator.onEvent((event) => heard.push(event));
  const published: string[] = [];
  const spy = createRedisClient(settings, 'spy');
  spy.on('message', (_channel: string, message: string) => published.push(message));
  try {
    await Promise.all([a.redis, a.subscriber, b.redis, b.subscriber, spy].map(ready));
    await spy.subscribe(`${namespace}:v1:events`);
    while (((await a.redis.pubsub('NUMSUB', `${namespace}:v1:events`)) as [string, number])[1] < 3)
      await new Promise((resolve) => setTimeout(resolve, 20));
    heard.length = 0;

    await a.coordinator.announceInvalidations([
      { id: 'p1', version: 1 },
      { id: 'p2', version: 1 },
      { id: 'p3', version: 4 },
    ]);
    const started = Date.now();
    while (heard.filter((e) => e.type === 'invalidate').length < 3 && Date.now() - started < 5000)
      await new Promise((resolve) => setTimeout(resolve, 20));

    expect(heard.filter((e) => e.type === 'invalidate')).toEqual([
      { type: 'invalidate', id: 'p1', version: 1 },
      { type: 'invalidate', id: 'p2', version: 1 },
      { type: 'invalidate', id: 'p3', version: 4 },
    ]);
    expect(published).toHaveLength(1);
  } finally {
    for (const instance of instances) {
      instance.coordinator.close();
      instance.guard.shutdown();
      instance.redis.disconnect();
      instance.subscriber.disconnect();
    }
    spy.disconnect();
  }
});
