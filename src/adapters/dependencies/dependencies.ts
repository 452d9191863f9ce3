// What each dependency's driver gives the process besides the ports it serves: health probes,
// and the steps of its life (storage is prepared before the service turns ready; the queue
// connects in the background; each is closed on stop, in reverse order of need). The driver
// modules (src/bootstrap/bundles) build one of each.
import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { EventPublisher } from '../../domain/ports/event-outbox.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';
import type { TaskQueue } from '../../domain/ports/task-queue.js';
import type { TaskStore } from '../../domain/ports/task-store.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { DependencyProbe } from './probe.js';
import type { RequestLimiter, RequestLimiters } from './request-limiter.js';

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

/** A limit's key prefix, its budget and its window, as a limiter store takes them. */
export interface LimiterOptions {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
}

/** The RATE_LIMIT_* variables. */
export interface RateLimits {
  readonly windowSeconds: number;
  readonly readsPerWindow: number;
  readonly writesPerWindow: number;
  readonly uploadsPerWindow: number;
}

/** The three rate limiters (reads, writes, uploads), each made by `make` on the cache driver's own store. */
export function limiters(keyPrefix: string, limits: RateLimits, make: (options: LimiterOptions) => RequestLimiter): RequestLimiters {
  const { windowSeconds: duration } = limits;
  return {
    read: make({ keyPrefix: `${keyPrefix}:rl:read`, points: limits.readsPerWindow, duration }),
    write: make({ keyPrefix: `${keyPrefix}:rl:write`, points: limits.writesPerWindow, duration }),
    upload: make({ keyPrefix: `${keyPrefix}:rl:upload`, points: limits.uploadsPerWindow, duration }),
  };
}
