// The asynchronous side of a process: the task runner with its handlers, the two outbox relays
// and the workers that run them (adapters/worker). The server runs them unless
// WORKER_ENABLED=false; `npm run worker` runs nothing else.
import { ContainerModule } from 'inversify';
import { ProcessAvatar } from '../../application/avatars/process-avatar.js';
import { RelayEvents } from '../../application/events/relay-events.js';
import { RunImport } from '../../application/imports/run-import.js';
import { ProfileChanges } from '../../application/profile-changes.js';
import { PurgeProfile } from '../../application/tasks/purge-profile.js';
import { RelayOutbox } from '../../application/tasks/relay-outbox.js';
import { RunTask } from '../../application/tasks/run-task.js';
import { validateCreateProfile } from '../../adapters/representation/validation.js';
import type { Config } from '../../adapters/settings/config.js';
import { IMPORT_BATCH_SIZE, RELAY } from '../../adapters/settings/tunables.js';
import { startWorkers, taskObserver } from '../../adapters/worker/workers.js';
import {
  AVATAR_STORE,
  CLOCK,
  EVENT_PUBLISHER,
  ID_GENERATOR,
  IMAGE_PROCESSOR,
  LOGGER,
  METRICS,
  PROFILE_CACHE,
  PROFILE_RENDERER,
  TASK_QUEUE,
  TASK_STORE,
  TASK_WORK,
  TRACING,
  UNIT_OF_WORK,
} from '../tokens.js';

export function taskWorkBundle(tasks: Config['tasks']) {
  return new ContainerModule(({ bind }) => {
    bind(RunTask).toDynamicValue((ctx) => {
      const [store, uow, cache, ids, clock] = [
        ctx.get(TASK_STORE),
        ctx.get(UNIT_OF_WORK),
        ctx.get(PROFILE_CACHE),
        ctx.get(ID_GENERATOR),
        ctx.get(CLOCK),
      ];
      return new RunTask(
        store,
        {
          'profile.purge': new PurgeProfile(uow, ctx.get(AVATAR_STORE), cache, ids, clock),
          'avatar.process': new ProcessAvatar(ctx.get(ProfileChanges), store, ctx.get(AVATAR_STORE), ctx.get(IMAGE_PROCESSOR)),
          'profile.import': new RunImport(uow, store, cache, ids, clock, validateCreateProfile, IMPORT_BATCH_SIZE),
        },
        clock,
        { leaseMs: tasks.leaseMs, backoff: { baseMs: tasks.retryBaseMs, maxMs: tasks.retryMaxMs } },
        taskObserver(ctx.get(METRICS), ctx.get(LOGGER)),
      );
    });
    bind(RelayEvents).toDynamicValue((ctx) => {
      const { eventsPublished } = ctx.get(METRICS);
      return new RelayEvents(ctx.get(UNIT_OF_WORK), ctx.get(EVENT_PUBLISHER), RELAY.batchSize, (types) => {
        for (const type of types) eventsPublished.inc({ type });
      });
    });
    bind(RelayOutbox).toDynamicValue((ctx) => {
      const { republished } = ctx.get(METRICS).tasks;
      const log = ctx.get(LOGGER);
      return new RelayOutbox(ctx.get(UNIT_OF_WORK), ctx.get(TASK_QUEUE), ctx.get(CLOCK), {
        ...RELAY,
        republishAfterMs: tasks.republishAfterMs,
        onStranded: (count) => {
          republished.inc(count);
          log.warn({ count }, 'tasks handed to the queue were never started within TASK_REPUBLISH_AFTER: handing them over again');
        },
      });
    });
    bind(TASK_WORK).toDynamicValue((ctx) => {
      const [metrics, store, clock, uow] = [ctx.get(METRICS), ctx.get(TASK_STORE), ctx.get(CLOCK), ctx.get(UNIT_OF_WORK)];
      metrics.tasks.readOutboxWith({ backlog: () => store.countUnpublished(), oldestDue: () => store.oldestDue(clock.now()) });
      metrics.readEventOutboxWith(() => uow.run(({ events }) => events.backlog()));
      return {
        start: (consume) =>
          startWorkers({
            queue: ctx.get(TASK_QUEUE),
            relay: ctx.get(RelayOutbox),
            runTask: ctx.get(RunTask),
            // With events off (EVENTS_ENABLED=false) there is nothing to relay.
            ...(ctx.get(PROFILE_RENDERER).render ? { relayEvents: ctx.get(RelayEvents) } : {}),
            relayIntervalMs: tasks.relayIntervalMs,
            consume,
            log: ctx.get(LOGGER),
            tracing: ctx.get(TRACING),
          }),
      };
    });
  });
}
