// The application core wired on the in-memory adapters, as the composition root wires it, with
// a ManualClock and ids a test can predict: the use cases run in microseconds, so the tests of
// the core (and the mutants StrykerJS makes of it) need no service, no HTTP and no real time.
import { validateCreateProfile } from '../../src/adapters/representation/validation.js';
import { MemoryAvatarStore } from '../../src/adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import { MemoryProfileCache } from '../../src/adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../src/adapters/memory/memory-profile-repository.js';
import { MemoryTaskStore } from '../../src/adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../../src/adapters/memory/memory-unit-of-work.js';
import { UuidV7IdGenerator } from '../../src/adapters/node/uuid-id-generator.js';
import { DeleteAvatar } from '../../src/application/avatars/delete-avatar.js';
import { GetAvatar } from '../../src/application/avatars/get-avatar.js';
import { CreateProfile } from '../../src/application/create-profile.js';
import { DeleteProfile } from '../../src/application/delete-profile.js';
import { GetProfile } from '../../src/application/get-profile.js';
import { ImportProfiles } from '../../src/application/imports/import-profiles.js';
import { RunImport } from '../../src/application/imports/run-import.js';
import { ListProfiles } from '../../src/application/list-profiles.js';
import { principal, type Principal } from '../../src/application/principal.js';
import { ProfileChanges } from '../../src/application/profile-changes.js';
import { RestoreProfile } from '../../src/application/restore-profile.js';
import { GetTask } from '../../src/application/tasks/get-task.js';
import { PurgeProfile } from '../../src/application/tasks/purge-profile.js';
import { RelayOutbox } from '../../src/application/tasks/relay-outbox.js';
import { RetryTask } from '../../src/application/tasks/retry-task.js';
import { UpdateProfile } from '../../src/application/update-profile.js';
import type { TaskMessage, TaskQueue } from '../../src/domain/ports/task-queue.js';
import type { EventPublisher, PendingEvent } from '../../src/domain/ports/event-outbox.js';
import { RelayEvents } from '../../src/application/events/relay-events.js';
import { profileRenderer } from '../../src/adapters/events/event-document.js';
import { ManualClock } from './manual-clock.js';
import { IMPORT_BATCH_SIZE, RELAY } from '../../src/adapters/settings/tunables.js';

export const DAY = 86_400_000;
export const GRACE_MS = 7 * DAY;
export const MAX_ATTEMPTS = 3;
/** TASK_REPUBLISH_AFTER of the core under test: a task handed over this long ago and never started is handed over again. */
export const REPUBLISH_AFTER_MS = 5 * 60_000;

/** A queue that keeps what it is handed, in order, with the delay asked for. */
export class RecordingQueue implements TaskQueue {
  constructor(readonly durable: boolean) {}
  readonly published: { message: TaskMessage; delayMs: number }[] = [];
  refuse = false;
  publish(message: TaskMessage, options: { delayMs?: number } = {}): Promise<void> {
    if (this.refuse) return Promise.reject(new Error('the broker is away'));
    this.published.push({ message, delayMs: options.delayMs ?? 0 });
    return Promise.resolve();
  }
  consume(): Promise<never> {
    return Promise.reject(new Error('not consumed in these tests'));
  }
}

/** A publisher that keeps the events it is handed, in order. */
export class RecordingPublisher implements EventPublisher {
  readonly published: PendingEvent[] = [];
  refuse = false;
  /** Takes the events, then fails as a relay that dies before it marks them published. */
  dieAfterPublishing = false;
  publish(events: readonly PendingEvent[]): Promise<void> {
    if (this.refuse) return Promise.reject(new Error('the broker is away'));
    this.published.push(...events);
    return this.dieAfterPublishing ? Promise.reject(new Error('the relay died after publishing')) : Promise.resolve();
  }
}

export function core(options: { durableQueue?: boolean; eventsIncludePrivate?: boolean; eventsEnabled?: boolean } = {}) {
  const db = new MemoryDatabase();
  const clock = new ManualClock();
  const ids = new UuidV7IdGenerator();
  const profiles = new MemoryProfileRepository(db);
  const tasks = new MemoryTaskStore(db);
  const avatars = new MemoryAvatarStore();
  const cache = new MemoryProfileCache({ maxEntries: 1000, ttlMs: 60_000, absentTtlMs: 60_000 });
  const uow = new MemoryUnitOfWork(
    db,
    options.eventsEnabled === false ? undefined : profileRenderer({ includePrivate: options.eventsIncludePrivate ?? false }),
  );
  const queue = new RecordingQueue(options.durableQueue ?? true);
  const publisher = new RecordingPublisher();
  const changes = new ProfileChanges(uow, cache, clock, ids);
  return {
    db,
    clock,
    ids,
    profiles,
    tasks,
    avatars,
    cache,
    uow,
    queue,
    publisher,
    changes,
    create: new CreateProfile(uow, cache, ids, clock),
    get: new GetProfile(profiles, cache),
    list: new ListProfiles(profiles),
    update: new UpdateProfile(changes),
    remove: new DeleteProfile(changes, ids, GRACE_MS),
    restore: new RestoreProfile(changes, GRACE_MS),
    getTask: new GetTask(tasks),
    retryTask: new RetryTask(tasks, clock),
    getAvatar: new GetAvatar(profiles, avatars),
    deleteAvatar: new DeleteAvatar(changes, avatars),
    importProfiles: new ImportProfiles(uow, ids, clock, MAX_ATTEMPTS),
    runImport: new RunImport(uow, tasks, cache, ids, clock, validateCreateProfile, IMPORT_BATCH_SIZE),
    purge: new PurgeProfile(uow, avatars, cache, ids, clock),
    relay: new RelayOutbox(uow, queue, clock, { ...RELAY, republishAfterMs: REPUBLISH_AFTER_MS }),
    relayEvents: new RelayEvents(uow, publisher, RELAY.batchSize),
  };
}

export type Core = ReturnType<typeof core>;

export const user = (subject: string): Principal => principal(subject);
export const admin = (subject = 'an-admin'): Principal => principal(subject, ['admin']);
