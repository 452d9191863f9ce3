// The composition root: the only place that knows concrete classes. It chooses adapters
// from configuration and wires them into the use cases and the HTTP app.
import { Container, type ResolutionContext } from 'inversify';
import { CreateProfile } from '../application/create-profile.js';
import { DeleteProfile } from '../application/delete-profile.js';
import { GetProfile } from '../application/get-profile.js';
import { ListProfiles } from '../application/list-profiles.js';
import { RestoreProfile } from '../application/restore-profile.js';
import { UpdateProfile } from '../application/update-profile.js';
import { ProfileChanges } from '../application/profile-changes.js';
import { DeleteAvatar } from '../application/avatars/delete-avatar.js';
import { GetAvatar } from '../application/avatars/get-avatar.js';
import { ProcessAvatar } from '../application/avatars/process-avatar.js';
import { UploadAvatar } from '../application/avatars/upload-avatar.js';
import { ImportProfiles } from '../application/imports/import-profiles.js';
import { RunImport } from '../application/imports/run-import.js';
import { GetTask } from '../application/tasks/get-task.js';
import { PurgeProfile } from '../application/tasks/purge-profile.js';
import { RelayOutbox } from '../application/tasks/relay-outbox.js';
import { RetryTask } from '../application/tasks/retry-task.js';
import { RunTask, type TaskObserver } from '../application/tasks/run-task.js';
import { AVATAR_STORE, type AvatarStore } from '../domain/ports/avatar-store.js';
import { CLOCK, type Clock } from '../domain/ports/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../domain/ports/id-generator.js';
import { IMAGE_PROCESSOR, type ImageProcessor } from '../domain/ports/image-processor.js';
import { SharpImageProcessor } from '../adapters/images/sharp-image-processor.js';
import { validateCreateProfile } from '../adapters/http/validation.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../domain/ports/idempotency-store.js';
import { PROFILE_CACHE, type ProfileCache } from '../domain/ports/profile-cache.js';
import { PROFILE_REPOSITORY, type ProfileRepository } from '../domain/ports/profile-repository.js';
import { TASK_QUEUE, type TaskQueue } from '../domain/ports/task-queue.js';
import { TASK_STORE, type TaskStore } from '../domain/ports/task-store.js';
import { UNIT_OF_WORK, type UnitOfWork } from '../domain/ports/unit-of-work.js';
import { createHttpApp, createOperationsApp } from '../adapters/http/app.js';
import { JwtVerifier } from '../adapters/http/auth/jwt.js';
import { HealthService, type DependencyProbe, type Phase } from '../adapters/http/health.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Metrics } from '../adapters/observability/metrics.js';
import { UuidV7IdGenerator } from '../adapters/system/uuid-id-generator.js';
import type { GuardObserver } from '../adapters/resilience/guard.js';
import type { Caching } from './caching.js';
import type { Infrastructure } from './infrastructure.js';
import type { Queueing } from './queue.js';
import type { Storage } from './storage.js';
import type { AuthSecret } from './auth-secret.js';
import type { Config } from './config.js';
import { AUTH_SECRET, CACHING, CONFIG, DEPENDENCY_PROBES, GUARD_OBSERVER, HTTP_APP, LIFECYCLE, LOGGER, METRICS, QUEUEING, STORAGE } from './tokens.js';
import { RELAY } from './tunables.js';

export interface Lifecycle {
  phase(): Phase;
}

/** What a process is for: the API (and, unless WORKER_ENABLED=false, tasks), or tasks alone. */
export type ProcessRole = 'server' | 'worker';

export interface Runtime {
  readonly role: ProcessRole;
  readonly log: Logger;
  /** The API's token secret; a worker serves no API and needs none. */
  readonly authSecret?: AuthSecret;
  readonly lifecycle: Lifecycle;
  readonly version: string;
  /** What the process opened first (openInfrastructure): bound here as it is. */
  readonly infrastructure: Infrastructure;
}

export function buildContainer(config: Config, runtime: Runtime): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind<Config>(CONFIG).toConstantValue(config);
  c.bind<Logger>(LOGGER).toConstantValue(runtime.log);
  if (runtime.authSecret) c.bind<AuthSecret>(AUTH_SECRET).toConstantValue(runtime.authSecret);
  c.bind<Lifecycle>(LIFECYCLE).toConstantValue(runtime.lifecycle);
  const { infrastructure } = runtime;
  c.bind<Metrics>(METRICS).toConstantValue(infrastructure.metrics);
  c.bind<GuardObserver>(GUARD_OBSERVER).toConstantValue(infrastructure.guardObserver);
  c.bind<Clock>(CLOCK).toConstantValue(infrastructure.clock);
  c.bind<IdGenerator>(ID_GENERATOR).toConstantValue(new UuidV7IdGenerator());
  c.bind<ImageProcessor>(IMAGE_PROCESSOR).toConstantValue(new SharpImageProcessor());

  bindStorage(c, infrastructure.storage);
  bindCache(c, infrastructure.caching);
  bindQueue(c, infrastructure.queueing);
  bindUseCases(c, config);
  bindTaskWork(c, config);
  if (runtime.role === 'server') bindHttp(c, config, runtime.version);
  else bindWorkerHttp(c, config, runtime.version);
  return c;
}

/** The system of record and every port that lives in it. */
function bindStorage(c: Container, storage: Storage): void {
  c.bind<Storage>(STORAGE).toConstantValue(storage);
  c.bind<ProfileRepository>(PROFILE_REPOSITORY).toConstantValue(storage.profiles);
  c.bind<TaskStore>(TASK_STORE).toConstantValue(storage.tasks);
  c.bind<UnitOfWork>(UNIT_OF_WORK).toConstantValue(storage.unitOfWork);
  c.bind<IdempotencyStore>(IDEMPOTENCY_STORE).toConstantValue(storage.idempotency);
  c.bind<AvatarStore>(AVATAR_STORE).toConstantValue(storage.avatars);
  c.bind<DependencyProbe>(DEPENDENCY_PROBES).toConstantValue(storage.probe);
}

function bindCache(c: Container, caching: Caching): void {
  c.bind<Caching>(CACHING).toConstantValue(caching);
  c.bind<ProfileCache>(PROFILE_CACHE).toConstantValue(caching.profiles);
  c.bind<DependencyProbe>(DEPENDENCY_PROBES).toConstantValue(caching.probe);
}

function bindQueue(c: Container, queueing: Queueing): void {
  c.bind<Queueing>(QUEUEING).toConstantValue(queueing);
  c.bind<TaskQueue>(TASK_QUEUE).toConstantValue(queueing.queue);
  c.bind<DependencyProbe>(DEPENDENCY_PROBES).toConstantValue(queueing.probe);
}

/** The worker's side: running tasks, relaying the outbox, and the metrics of both. */
function bindTaskWork(c: Container, config: Config): void {
  const metrics = c.get<Metrics>(METRICS);
  const log = c.get<Logger>(LOGGER);
  const tasks = c.get<TaskStore>(TASK_STORE);
  const observer: TaskObserver = {
    settled(task, seconds) {
      metrics.tasks.attempts.inc({ type: task.type, outcome: task.status });
      metrics.tasks.duration.observe({ type: task.type }, seconds);
      log.info({ taskId: task.id, type: task.type, status: task.status, attempts: task.attempts, durationMs: Math.round(seconds * 1000) }, 'task attempt settled');
    },
    unexpected: (task, error) => log.error({ err: error, taskId: task.id, type: task.type }, 'task attempt failed unexpectedly'),
    unrecorded: (task, error) => log.error({ err: error, taskId: task.id, type: task.type, status: task.status }, 'task outcome could not be recorded; the delivery will come back'),
  };
  metrics.tasks.countOutboxWith(() => tasks.countUnpublished());
  c.bind(RunTask).toDynamicValue((ctx) => new RunTask(
    tasks,
    {
      'profile.purge': new PurgeProfile(ctx.get(PROFILE_REPOSITORY), ctx.get(AVATAR_STORE), ctx.get(PROFILE_CACHE)),
      'avatar.process': new ProcessAvatar(ctx.get(ProfileChanges), tasks, ctx.get(AVATAR_STORE), ctx.get(IMAGE_PROCESSOR)),
      'profile.import': new RunImport(
        ctx.get(UNIT_OF_WORK), ctx.get(PROFILE_REPOSITORY), tasks, ctx.get(PROFILE_CACHE), ctx.get(ID_GENERATOR), ctx.get(CLOCK), validateCreateProfile,
      ),
    },
    ctx.get(CLOCK),
    { leaseMs: config.tasks.leaseMs, backoff: { baseMs: config.tasks.retryBaseMs, maxMs: config.tasks.retryMaxMs } },
    observer,
  ));
  c.bind(RelayOutbox).toDynamicValue((ctx) => new RelayOutbox(
    ctx.get(UNIT_OF_WORK), ctx.get(TASK_QUEUE), ctx.get(CLOCK),
    RELAY,
  ));
}

function bindUseCases(c: Container, config: Config): void {
  const grace = config.profiles.purgeGracePeriodMs;
  const attempts = config.tasks.maxAttempts;
  const changes = (ctx: ResolutionContext) => ctx.get(ProfileChanges);
  const ids = (ctx: ResolutionContext) => ctx.get<IdGenerator>(ID_GENERATOR);
  c.bind(ProfileChanges).toDynamicValue((ctx) => new ProfileChanges(ctx.get(UNIT_OF_WORK), ctx.get(PROFILE_CACHE), ctx.get(CLOCK)));
  c.bind(CreateProfile).toDynamicValue((ctx) => new CreateProfile(ctx.get(UNIT_OF_WORK), ctx.get(PROFILE_CACHE), ids(ctx), ctx.get(CLOCK)));
  c.bind(GetProfile).toDynamicValue((ctx) => new GetProfile(ctx.get(PROFILE_REPOSITORY), ctx.get(PROFILE_CACHE)));
  c.bind(ListProfiles).toDynamicValue((ctx) => new ListProfiles(ctx.get(PROFILE_REPOSITORY)));
  c.bind(UpdateProfile).toDynamicValue((ctx) => new UpdateProfile(changes(ctx)));
  c.bind(DeleteProfile).toDynamicValue((ctx) => new DeleteProfile(changes(ctx), ids(ctx), grace));
  c.bind(RestoreProfile).toDynamicValue((ctx) => new RestoreProfile(changes(ctx), grace));
  c.bind(GetTask).toDynamicValue((ctx) => new GetTask(ctx.get(TASK_STORE)));
  c.bind(RetryTask).toDynamicValue((ctx) => new RetryTask(ctx.get(TASK_STORE), ctx.get(CLOCK)));
  c.bind(UploadAvatar).toDynamicValue((ctx) => new UploadAvatar(changes(ctx), ctx.get(IMAGE_PROCESSOR), ids(ctx), attempts));
  c.bind(GetAvatar).toDynamicValue((ctx) => new GetAvatar(ctx.get(PROFILE_REPOSITORY), ctx.get(AVATAR_STORE)));
  c.bind(DeleteAvatar).toDynamicValue((ctx) => new DeleteAvatar(changes(ctx), ctx.get(AVATAR_STORE)));
  c.bind(ImportProfiles).toDynamicValue((ctx) => new ImportProfiles(ctx.get(UNIT_OF_WORK), ids(ctx), ctx.get(CLOCK), attempts));
}

/**
 * A worker's HTTP side: probes and metrics. It is ready when it can work: the database up and
 * the queue connected (an API server runs on with a queue away; a worker cannot).
 */
function bindWorkerHttp(c: Container, config: Config, version: string): void {
  c.bind(HTTP_APP).toDynamicValue((ctx) => {
    const lifecycle = ctx.get<Lifecycle>(LIFECYCLE);
    const probes = ctx.getAll<DependencyProbe>(DEPENDENCY_PROBES).map((p) => (p.name === 'queue' ? { ...p, critical: true } : p));
    return createOperationsApp({
      log: ctx.get(LOGGER), metrics: ctx.get(METRICS), version,
      health: new HealthService(probes, () => lifecycle.phase()),
      ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
    });
  });
}

function bindHttp(c: Container, config: Config, version: string): void {
  c.bind(HTTP_APP).toDynamicValue((ctx) => {
    const lifecycle = ctx.get<Lifecycle>(LIFECYCLE);
    return createHttpApp({
      log: ctx.get(LOGGER),
      metrics: ctx.get(METRICS),
      profiles: {
        create: ctx.get(CreateProfile), get: ctx.get(GetProfile), list: ctx.get(ListProfiles),
        update: ctx.get(UpdateProfile), remove: ctx.get(DeleteProfile), restore: ctx.get(RestoreProfile),
      },
      tasks: { get: ctx.get(GetTask), retry: ctx.get(RetryTask) },
      avatars: { upload: ctx.get(UploadAvatar), get: ctx.get(GetAvatar), remove: ctx.get(DeleteAvatar) },
      importProfiles: ctx.get(ImportProfiles),
      verifier: new JwtVerifier({
        secret: ctx.get<AuthSecret>(AUTH_SECRET).secret,
        clockToleranceSeconds: config.auth.clockToleranceMs / 1000,
        clock: ctx.get<Clock>(CLOCK),
        ...(config.auth.issuer ? { issuer: config.auth.issuer } : {}),
        ...(config.auth.audience ? { audience: config.auth.audience } : {}),
      }),
      limiters: ctx.get<Caching>(CACHING).limiters,
      idempotency: ctx.get(IDEMPOTENCY_STORE),
      health: new HealthService(ctx.getAll<DependencyProbe>(DEPENDENCY_PROBES), () => lifecycle.phase()),
      phase: () => lifecycle.phase(),
      settings: {
        version,
        bodyLimitBytes: config.server.bodyLimitBytes,
        idempotencyTtlMs: config.profiles.idempotencyTtlMs,
        avatarMaxBytes: config.uploads.avatarMaxBytes,
        importMaxBytes: config.uploads.importMaxBytes,
        trustProxy: config.server.trustProxy,
        ...(config.metricsToken !== undefined ? { metricsToken: config.metricsToken } : {}),
      },
    });
  });
}
