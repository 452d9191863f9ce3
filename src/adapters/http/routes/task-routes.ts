// /v1/tasks: the status of asynchronous work, for whoever caused it and for admins.
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { GetTask } from '../../../application/tasks/get-task.js';
import type { RetryTask } from '../../../application/tasks/retry-task.js';
import { principalOf, type AppState } from '../context.js';
import { respondAccepted, taskDocument } from '../presenters.js';
import { taskIdOf } from './ids.js';

export interface TaskUseCases {
  readonly get: GetTask;
  readonly retry: RetryTask;
}

export function taskRoutes(useCases: TaskUseCases, guard: readonly Middleware<AppState>[]): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/tasks' });
  router.use(...guard);

  router.get('/:id', async (ctx) => {
    ctx.body = taskDocument(await useCases.get.execute(principalOf(ctx), taskIdOf(ctx)));
  });

  router.post('/:id/retry', async (ctx) => {
    respondAccepted(ctx, await useCases.retry.execute(principalOf(ctx), taskIdOf(ctx)));
  });

  return router;
}
