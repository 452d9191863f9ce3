// The shared rate limit on the real Redis, three instances leasing from one budget: how many
// requests pass against the exact limit (docs/caching.md, "Rate limits", quotes this).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedRequestLimiter } from '../../../src/adapters/redis/leased-request-limiter.js';
import { createRedisClient } from '../../../src/adapters/redis/redis-client.js';
import { RedisRequestLimiter } from '../../../src/adapters/redis/redis-request-limiter.js';
import type { Guard } from '../../../src/adapters/resilience/guard.js';
import { guardFor } from '../../../src/adapters/resilience/guard-for.js';
import { rateLimitLease } from '../../../src/adapters/settings/tunables.js';
import { ready, redisSettings, testNamespace } from '../../support/redis.js';

test.each([600, 120, 20])(
  'when three instances spend a shared budget of %i, then together they pass at most that many, and at most 3 leases short of it',
  async (points) => {
    const settings = await redisSettings();
    const keyPrefix = testNamespace();
    const lease = rateLimitLease(points);
    const clients = [0, 1, 2].map((i) => createRedisClient(settings, `limiter-${i}`));
    const guards: Guard[] = [];
    try {
      await Promise.all(clients.map(ready));
      const instances = clients.map((redis) => {
        const guard = guardFor('cache', { timeoutMs: 550 });
        guards.push(guard);
        const opts = { keyPrefix, points, duration: 60 };
        return new LeasedRequestLimiter(
          new RedisRequestLimiter(new RateLimiterRedis({ ...opts, storeClient: redis }), new RateLimiterMemory(opts), guard),
          lease,
        );
      });
      let passed = 0;
      // Uneven and concurrent: bursts of 8 requests, half of them to the first instance.
      for (let sent = 0; sent < points * 3; sent += 8) {
        const burst = Array.from({ length: 8 }, (_, i) =>
          instances[i % 2 === 0 ? 0 : 1 + ((i >> 1) % 2)]!.consume('sub:alice').then(
            () => 1,
            (refusal: unknown) => {
              if (refusal instanceof RateLimiterRes) return 0;
              throw refusal;
            },
          ),
        );
        passed += (await Promise.all(burst)).reduce((a: number, b: number) => a + b, 0);
      }
      expect(passed).toBeLessThanOrEqual(points);
      expect(passed).toBeGreaterThanOrEqual(points - 3 * (lease - 1));
    } finally {
      for (const guard of guards) guard.shutdown();
      for (const client of clients) client.disconnect();
    }
  },
);
