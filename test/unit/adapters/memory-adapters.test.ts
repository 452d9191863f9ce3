// The in-memory adapters are product code: each passes its port's contract suite.
import { MemoryAvatarStore } from '../../../src/adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryIdempotencyStore } from '../../../src/adapters/http/memory-idempotency-store.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../../src/adapters/memory/memory-profile-repository.js';
import { MemoryTaskQueue } from '../../../src/adapters/memory/memory-task-queue.js';
import { MemoryTaskStore } from '../../../src/adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../../../src/adapters/memory/memory-unit-of-work.js';
import { avatarStoreContract } from '../../contract/avatar-store.contract.js';
import { idempotencyStoreContract } from '../../contract/idempotency-store.contract.js';
import { profileCacheContract } from '../../contract/profile-cache.contract.js';
import { profileRepositoryContract } from '../../contract/profile-repository.contract.js';
import { taskQueueContract } from '../../contract/task-queue.contract.js';
import { taskStoreContract } from '../../contract/task-store.contract.js';
import { taskPipelineScenarios } from '../../contract/task-pipeline.scenarios.js';
import { unitOfWorkContract } from '../../contract/unit-of-work.contract.js';
import { eventOutboxContract } from '../../contract/event-outbox.contract.js';
import { ManualClock } from '../../support/manual-clock.js';
import { profileRenderer } from '../../../src/adapters/events/event-document.js';

profileRepositoryContract('memory', () => Promise.resolve(new MemoryProfileRepository(new MemoryDatabase())));

unitOfWorkContract('memory', () => {
  const db = new MemoryDatabase();
  return Promise.resolve({
    uow: new MemoryUnitOfWork(db, profileRenderer({ includePrivate: false })),
    profiles: new MemoryProfileRepository(db),
    tasks: new MemoryTaskStore(db),
  });
});

taskStoreContract('memory', () => Promise.resolve(new MemoryTaskStore(new MemoryDatabase())));

profileCacheContract('memory', () => {
  let now = 1_000_000; // lru-cache reads a start time of 0 as "no TTL"
  const cache = new MemoryProfileCache({ maxEntries: 100, ttlMs: 5000, absentTtlMs: 1000, now: () => now });
  return Promise.resolve({ cache, ttlMs: 5000, absentTtlMs: 1000, passTime: (ms) => Promise.resolve(void (now += ms)) });
});

idempotencyStoreContract('memory', () => {
  const clock = new ManualClock();
  return Promise.resolve({ store: new MemoryIdempotencyStore(clock), passTime: (ms) => Promise.resolve(clock.advance(ms)) });
});

avatarStoreContract('memory', () => Promise.resolve(new MemoryAvatarStore()));

taskQueueContract('memory', () => {
  const queue = new MemoryTaskQueue({ redeliveryDelayMs: 20 });
  return Promise.resolve({ queue, deadLetters: () => Promise.resolve([...queue.deadLetters]) });
});

describe('MemoryProfileCache bounds', () => {
  test('when more profiles are cached than it holds, then the least recently used are dropped', async () => {
    const { aProfile } = await import('../../support/profile-builder.js');
    const cache = new MemoryProfileCache({ maxEntries: 2, ttlMs: 60_000, absentTtlMs: 1000 });
    const [a, b, c] = [aProfile().build(), aProfile().build(), aProfile().build()];
    await cache.set(a);
    await cache.set(b);
    await cache.get(a.id);
    await cache.set(c);
    expect((await cache.get(a.id)).kind).toBe('hit');
    expect((await cache.get(b.id)).kind).toBe('miss');
  });
});

taskPipelineScenarios('memory', () => {
  const db = new MemoryDatabase();
  const queue = new MemoryTaskQueue({ redeliveryDelayMs: 20 });
  return Promise.resolve({
    uow: new MemoryUnitOfWork(db, profileRenderer({ includePrivate: false })),
    tasks: new MemoryTaskStore(db),
    queue,
    deadLetters: () => Promise.resolve([...queue.deadLetters]),
    // An in-process queue dies with its process: the next one starts empty.
    restart: () => Promise.resolve(new MemoryTaskQueue({ redeliveryDelayMs: 20 })),
  });
});

eventOutboxContract('memory', () =>
  Promise.resolve(new MemoryUnitOfWork(new MemoryDatabase(), profileRenderer({ includePrivate: false }))),
);
