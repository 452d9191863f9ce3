import type { Middleware } from 'koa';
import type { Phase } from '../health.js';
import { HttpProblem } from '../problem.js';

/** Until start-up is done (database reachable and migrated), the API answers 503 instead of failing. */
export function whileStarting(phase: () => Phase): Middleware {
  return async (_ctx, next) => {
    if (phase() === 'starting') {
      throw new HttpProblem('starting', 'The service is starting. Try again shortly.', { headers: { 'Retry-After': '2' } });
    }
    await next();
  };
}
