// Every service the container holds, each declared once with the type it serves. A lookup is
// type-checked: `ctx.get(UNIT_OF_WORK)` is a UnitOfWork, and asking it for anything else, or
// binding it to anything else, fails to compile (test/unit/bootstrap/tokens.test.ts). The
// core's ports name no token: which object serves a port is the composition root's business.
import type Koa from 'koa';
import type { ServiceIdentifier } from 'inversify';
import type { AvatarStore } from '../domain/ports/avatar-store.js';
import type { Clock } from '../domain/ports/clock.js';
import type { EventPublisher } from '../domain/ports/event-outbox.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { ImageProcessor } from '../domain/ports/image-processor.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import type { TaskQueue } from '../domain/ports/task-queue.js';
import type { TaskStore } from '../domain/ports/task-store.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import type { Caching, Queueing, Storage } from '../adapters/dependencies/dependencies.js';
import type { DependencyProbe } from '../adapters/dependencies/probe.js';
import type { ProfileRenderer } from '../adapters/events/event-document.js';
import type { AppState } from '../adapters/http/context.js';
import type { Lifecycle } from '../adapters/http/health.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Metrics } from '../adapters/observability/metrics.js';
import type { Tracing } from '../adapters/observability/tracing.js';
import type { GuardObserver, GuardSpans } from '../adapters/resilience/guard.js';
import type { TaskWork } from '../adapters/worker/workers.js';
import type { AuthSecret } from '../adapters/http/auth/auth-secret.js';

/** A service's identity in the container, carrying the type of what it resolves to. */
const token = <T>(name: string): ServiceIdentifier<T> => Symbol.for(name);

// The core's ports.
export const AVATAR_STORE = token<AvatarStore>('AvatarStore');
export const CLOCK = token<Clock>('Clock');
export const EVENT_PUBLISHER = token<EventPublisher>('EventPublisher');
export const ID_GENERATOR = token<IdGenerator>('IdGenerator');
export const IMAGE_PROCESSOR = token<ImageProcessor>('ImageProcessor');
export const PROFILE_CACHE = token<ProfileCache>('ProfileCache');
export const PROFILE_REPOSITORY = token<ProfileRepository>('ProfileRepository');
export const TASK_QUEUE = token<TaskQueue>('TaskQueue');
export const TASK_STORE = token<TaskStore>('TaskStore');
export const UNIT_OF_WORK = token<UnitOfWork>('UnitOfWork');

// The three dependencies, as their drivers give them (container.ts's driver table).
export const STORAGE = token<Storage>('Storage');
export const CACHING = token<Caching>('Caching');
export const QUEUEING = token<Queueing>('Queueing');
/** Bound once per dependency: every probe /health/ready asks. */
export const DEPENDENCY_PROBES = token<readonly DependencyProbe[]>('DependencyProbes');

// What every process has.
export const LOGGER = token<Logger>('Logger');
export const METRICS = token<Metrics>('Metrics');
export const LIFECYCLE = token<Lifecycle>('Lifecycle');
/** The API's token secret (a worker has none). */
export const AUTH_SECRET = token<AuthSecret>('AuthSecret');
/** Tracing (the OTEL_* variables), or undefined when it is off. */
export const TRACING = token<Tracing | undefined>('Tracing');
export const GUARD_OBSERVER = token<GuardObserver>('GuardObserver');
/** The spans of a guard's calls for a system and its attributes, or undefined while tracing is off. */
export const GUARD_SPANS = token<(system: string, attributes: GuardSpans['attributes']) => GuardSpans | undefined>('GuardSpans');
/** How events show a profile (EVENTS_INCLUDE_PRIVATE), or undefined when no events are written (EVENTS_ENABLED=false). */
export const PROFILE_RENDERER = token<{ readonly render: ProfileRenderer | undefined }>('ProfileRenderer');

// What a process runs.
export const TASK_WORK = token<TaskWork>('TaskWork');
export const HTTP_APP = token<Koa<AppState>>('HttpApp');
export const ADMIN_APP = token<Koa<AppState>>('AdminApp');
