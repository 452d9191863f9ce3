// How a dependency's driver module binds what it builds: the dependency itself (its life, for
// service.ts), every port it serves, and its probes.
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { Caching, Queueing, Storage } from '../../adapters/dependencies/dependencies.js';
import {
  AVATAR_STORE,
  CACHING,
  DEPENDENCY_PROBES,
  EVENT_PUBLISHER,
  PROFILE_CACHE,
  PROFILE_REPOSITORY,
  QUEUEING,
  STORAGE,
  TASK_QUEUE,
  TASK_STORE,
  UNIT_OF_WORK,
} from '../tokens.js';

/** DB_DRIVER: the Storage `create` builds on first use, and every port that lives in it. */
export function storageBundle(create: (ctx: ResolutionContext) => Storage): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(STORAGE).toDynamicValue(create);
    bind(PROFILE_REPOSITORY).toDynamicValue((ctx) => ctx.get(STORAGE).profiles);
    bind(TASK_STORE).toDynamicValue((ctx) => ctx.get(STORAGE).tasks);
    bind(UNIT_OF_WORK).toDynamicValue((ctx) => ctx.get(STORAGE).unitOfWork);
    bind(AVATAR_STORE).toDynamicValue((ctx) => ctx.get(STORAGE).avatars);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => ctx.get(STORAGE).probes);
  });
}

/** CACHE_DRIVER: the Caching `create` builds on first use, the profile cache and its probe. */
export function cacheBundle(create: (ctx: ResolutionContext) => Caching): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(CACHING).toDynamicValue(create);
    bind(PROFILE_CACHE).toDynamicValue((ctx) => ctx.get(CACHING).profiles);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => [ctx.get(CACHING).probe]);
  });
}

/** QUEUE_DRIVER: the Queueing `create` builds on first use, the task queue, the event publisher and its probe. */
export function queueBundle(create: (ctx: ResolutionContext) => Queueing): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(QUEUEING).toDynamicValue(create);
    bind(TASK_QUEUE).toDynamicValue((ctx) => ctx.get(QUEUEING).queue);
    bind(EVENT_PUBLISHER).toDynamicValue((ctx) => ctx.get(QUEUEING).events);
    bind(DEPENDENCY_PROBES).toDynamicValue((ctx) => [ctx.get(QUEUEING).probe]);
  });
}
