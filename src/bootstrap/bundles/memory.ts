// The in-process drivers: DB_DRIVER=memory (profiles live as long as the process: tests and
// throwaway runs), CACHE_DRIVER=memory or none, QUEUE_DRIVER=memory.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { limiters } from '../../adapters/dependencies/dependencies.js';
import { MemoryIdempotencyStore } from '../../adapters/http/memory-idempotency-store.js';
import { CountingProfileCache } from '../../adapters/memory/counting-profile-cache.js';
import { InProcessEventBus } from '../../adapters/memory/in-process-event-bus.js';
import { MemoryAvatarStore } from '../../adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../../adapters/memory/memory-database.js';
import { MemoryProfileCache } from '../../adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../adapters/memory/memory-profile-repository.js';
import { MemoryTaskQueue } from '../../adapters/memory/memory-task-queue.js';
import { MemoryTaskStore } from '../../adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../../adapters/memory/memory-unit-of-work.js';
import { NoProfileCache } from '../../adapters/memory/no-profile-cache.js';
import type { Config } from '../../adapters/settings/config.js';
import { CLOCK, METRICS, PROFILE_RENDERER } from '../tokens.js';
import { cacheBundle, queueBundle, storageBundle } from './dependency.js';

export function memoryDatabase() {
  return storageBundle((ctx) => {
    const db = new MemoryDatabase();
    return {
      profiles: new MemoryProfileRepository(db),
      tasks: new MemoryTaskStore(db),
      unitOfWork: new MemoryUnitOfWork(db, ctx.get(PROFILE_RENDERER).render),
      idempotency: new MemoryIdempotencyStore(ctx.get(CLOCK)),
      avatars: new MemoryAvatarStore(),
      probes: [{ name: 'database', critical: true, check: () => Promise.resolve('up') }],
      prepare: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  });
}

/** CACHE_DRIVER=memory: the in-process cache alone (each instance its own); none: no cache at all. */
export function memoryCache({ cache, rateLimit }: Pick<Config, 'cache' | 'rateLimit'>) {
  return cacheBundle((ctx) => {
    const { cacheRequests } = ctx.get(METRICS);
    return {
      profiles:
        cache.driver === 'none'
          ? new NoProfileCache()
          : new CountingProfileCache(memoryL1(cache), (result) => cacheRequests.inc({ tier: 'l1', result })),
      limiters: limiters(cache.keyPrefix, rateLimit, (options) => new RateLimiterMemory(options)),
      probe: { name: 'cache', critical: false, check: () => Promise.resolve('up') },
      close: () => Promise.resolve(),
    };
  });
}

/** The in-process tier, alone or in front of Redis. */
export function memoryL1(cache: Config['cache']): MemoryProfileCache {
  return new MemoryProfileCache({ maxEntries: cache.maxEntries, ttlMs: cache.ttlMs, absentTtlMs: cache.absentTtlMs });
}

export function memoryQueue({ tasks, events }: Pick<Config, 'tasks' | 'events'>) {
  return queueBundle(() => ({
    queue: new MemoryTaskQueue({ redeliveryDelayMs: tasks.retryBaseMs }),
    events: new InProcessEventBus({ source: events.source }),
    probe: { name: 'queue', critical: false, check: () => Promise.resolve('up') },
    start: () => undefined,
    close: () => Promise.resolve(),
  }));
}
