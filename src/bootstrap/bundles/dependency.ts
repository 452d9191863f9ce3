// What a dependency's bundle gives the process besides the ports it binds: health probes (each
// bundle binds a list of them to DEPENDENCY_PROBES), and the steps of its life (storage is
// prepared before the service turns ready; the queue connects in the background; each is
// closed on stop, in reverse order of need).
import { EVENT_PUBLISHER, type EventPublisher } from '../../domain/ports/event-outbox.js';
import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';
import type { TaskQueue } from '../../domain/ports/task-queue.js';
import type { TaskStore } from '../../domain/ports/task-store.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { DependencyProbe } from '../../adapters/http/health.js';
import type { IdempotencyStore } from '../../adapters/http/idempotency-store.js';
import type { RequestLimiter, RequestLimiters } from '../../adapters/http/middleware/rate-limit.js';
import { AVATAR_STORE } from '../../domain/ports/avatar-store.js';
import { PROFILE_CACHE } from '../../domain/ports/profile-cache.js';
import { PROFILE_REPOSITORY } from '../../domain/ports/profile-repository.js';
import { TASK_QUEUE } from '../../domain/ports/task-queue.js';
import { TASK_STORE } from '../../domain/ports/task-store.js';
import { UNIT_OF_WORK } from '../../domain/ports/unit-of-work.js';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { Config } from '../config.js';
import { CACHING, DEPENDENCY_PROBES, QUEUEING, STORAGE } from '../tokens.js';

/** The system of record (DB_DRIVER) and every port that lives in it. */
export interface Storage {
  readonly profiles: ProfileRepository;
  readonly tasks: TaskStore;
  readonly unitOfWork: UnitOfWork;
  /** The HTTP edge's store of idempotency keys, kept in the database with the rest. */
  readonly idempotency: IdempotencyStore;
  readonly avatars: AvatarStore;
  /** The primary's probe, and one per read replica. */
  readonly probes: readonly DependencyProbe[];
  /**
   * Waits until the database answers (retrying with backoff until `signal` aborts), then
   * migrates it; with `migrate: false` (MIGRATE_ON_START=false), waits instead until another
   * step (the migration Job) has migrated it.
   */
  prepare(signal: AbortSignal, options?: { readonly migrate: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The profile cache and the rate-limit store (CACHE_DRIVER). */
export interface Caching {
  readonly profiles: ProfileCache;
  readonly limiters: RequestLimiters;
  readonly probe: DependencyProbe;
  close(): Promise<void>;
}

/** The task queue (QUEUE_DRIVER). */
export interface Queueing {
  readonly queue: TaskQueue;
  /** Where profile events are published: RabbitMQ's events exchange, or the in-process bus. */
  readonly events: EventPublisher;
  readonly probe: DependencyProbe;
  /** Connects in the background; the service runs (and tasks wait in the outbox) until it succeeds. */
  start(): void;
  close(): Promise<void>;
}

/** What the cache bundles read: the cache's own settings and the rate limits kept in its store. */
export interface CacheSettings {
  readonly cache: Config['cache'];
  readonly rateLimit: Config['rateLimit'];
}

export interface LimiterOptions {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
}

/** The three rate limiters (reads, writes, uploads), each built on the bundle's own store. */
export function limiters({ cache, rateLimit }: CacheSettings, make: (opts: LimiterOptions) => RequestLimiter): RequestLimiters {
  const { windowSeconds, readsPerWindow, writesPerWindow, uploadsPerWindow } = rateLimit;
  return {
    read: make({ keyPrefix: `${cache.keyPrefix}:rl:read`, points: readsPerWindow, duration: windowSeconds }),
    write: make({ keyPrefix: `${cache.keyPrefix}:rl:write`, points: writesPerWindow, duration: windowSeconds }),
    upload: make({ keyPrefix: `${cache.keyPrefix}:rl:upload`, points: uploadsPerWindow, duration: windowSeconds }),
  };
}

/** A storage bundle: its Storage, built on first use, and every port that lives in it. */
export function storageBundle(create: (ctx: ResolutionContext) => Storage): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Storage>(STORAGE).toDynamicValue(create);
    const storage = (ctx: ResolutionContext) => ctx.get<Storage>(STORAGE);
    bind(PROFILE_REPOSITORY).toDynamicValue((ctx) => storage(ctx).profiles);
    bind(TASK_STORE).toDynamicValue((ctx) => storage(ctx).tasks);
    bind(UNIT_OF_WORK).toDynamicValue((ctx) => storage(ctx).unitOfWork);
    bind(AVATAR_STORE).toDynamicValue((ctx) => storage(ctx).avatars);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => storage(ctx).probes);
  });
}

/** A cache bundle: its Caching, built on first use, the profile cache and its probe. */
export function cacheBundle(create: (ctx: ResolutionContext) => Caching): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Caching>(CACHING).toDynamicValue(create);
    bind(PROFILE_CACHE).toDynamicValue((ctx) => ctx.get<Caching>(CACHING).profiles);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => [ctx.get<Caching>(CACHING).probe]);
  });
}

/** A queue bundle: its Queueing, built on first use, the task queue and its probe. */
export function queueBundle(create: (ctx: ResolutionContext) => Queueing): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Queueing>(QUEUEING).toDynamicValue(create);
    bind(TASK_QUEUE).toDynamicValue((ctx) => ctx.get<Queueing>(QUEUEING).queue);
    bind(EVENT_PUBLISHER).toDynamicValue((ctx) => ctx.get<Queueing>(QUEUEING).events);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => [ctx.get<Queueing>(QUEUEING).probe]);
  });
}
