// The in-process adapters: DB_DRIVER=memory (profiles live as long as the process: tests and
// throwaway runs), CACHE_DRIVER=memory or none, QUEUE_DRIVER=memory.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { CLOCK } from '../../domain/ports/clock.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import { MemoryAvatarStore } from '../../adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../../adapters/memory/memory-database.js';
import { MemoryIdempotencyStore } from '../../adapters/http/memory-idempotency-store.js';
import { MemoryProfileCache } from '../../adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../adapters/memory/memory-profile-repository.js';
import { MemoryTaskQueue } from '../../adapters/memory/memory-task-queue.js';
import { MemoryTaskStore } from '../../adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../../adapters/memory/memory-unit-of-work.js';
import { NoProfileCache } from '../../adapters/memory/no-profile-cache.js';
import type { Metrics } from '../../adapters/observability/metrics.js';
import type { Config } from '../config.js';
import { METRICS, PROFILE_RENDERER } from '../tokens.js';
import type { EventWriting } from './events.js';
import { InProcessEventBus } from '../../adapters/memory/in-process-event-bus.js';
import { cacheBundle, limiters, queueBundle, storageBundle, type CacheSettings } from './dependency.js';

export function memoryDatabase() {
  return storageBundle((ctx) => {
    const db = new MemoryDatabase();
    return {
      profiles: new MemoryProfileRepository(db),
      tasks: new MemoryTaskStore(db),
      unitOfWork: new MemoryUnitOfWork(db, ctx.get<EventWriting>(PROFILE_RENDERER).render),
      idempotency: new MemoryIdempotencyStore(ctx.get(CLOCK)),
      avatars: new MemoryAvatarStore(),
      probes: [{ name: 'database', critical: true, check: () => Promise.resolve('up') }],
      prepare: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  });
}

/** CACHE_DRIVER=memory: the in-process cache alone (each instance its own), or none at all. */
export function memoryCache(settings: CacheSettings) {
  return cacheBundle((ctx) => ({
    profiles: settings.cache.driver === 'none' ? new NoProfileCache() : countingL1(memoryL1(settings.cache), ctx.get<Metrics>(METRICS)),
    limiters: limiters(settings, (opts) => new RateLimiterMemory(opts)),
    probe: { name: 'cache', critical: false, check: () => Promise.resolve('up') },
    close: () => Promise.resolve(),
  }));
}

/** The in-process tier, alone or in front of Redis. */
export function memoryL1(cache: Config['cache']): MemoryProfileCache {
  return new MemoryProfileCache({ maxEntries: cache.maxEntries, ttlMs: cache.ttlMs, absentTtlMs: cache.absentTtlMs });
}

export function memoryQueue(tasks: Pick<Config['tasks'], 'retryBaseMs'>, events: Pick<Config['events'], 'source'>) {
  return queueBundle(() => ({
    queue: new MemoryTaskQueue({ redeliveryDelayMs: tasks.retryBaseMs }),
    events: new InProcessEventBus({ source: events.source }),
    probe: { name: 'queue', critical: false, check: () => Promise.resolve('up') },
    start: () => undefined,
    close: () => Promise.resolve(),
  }));
}

/** The in-process cache alone, counting its lookups. */
function countingL1(l1: MemoryProfileCache, metrics: Metrics): ProfileCache {
  return {
    get: async (id) => {
      const lookup = await l1.get(id);
      metrics.cacheRequests.inc({ tier: 'l1', result: lookup.kind === 'miss' ? 'miss' : 'hit' });
      return lookup;
    },
    getMany: async (ids) => {
      const lookups = await l1.getMany(ids);
      for (const lookup of lookups.values()) metrics.cacheRequests.inc({ tier: 'l1', result: lookup.kind === 'miss' ? 'miss' : 'hit' });
      return lookups;
    },
    set: (profile) => l1.set(profile),
    setAbsent: (id) => l1.setAbsent(id),
    invalidate: (id, version) => l1.invalidate(id, version),
    invalidateMany: (committed) => l1.invalidateMany(committed),
  };
}
