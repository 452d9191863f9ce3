// Turns every error, and every bare error status set by the router, into problem+json.
import type { Middleware } from 'koa';
import type { AppState } from '../context.js';
import { problemDocument, problemFor, problemForStatus, type Problem } from '../problem.js';

export function problems(): Middleware<AppState> {
  return async (ctx, next) => {
    let problem: Problem | undefined;
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) problem = problemForStatus(ctx.status);
    } catch (error) {
      problem = problemFor(error);
      if (!problem.expected) ctx.state.log.error({ err: error, route: ctx.path }, 'request failed');
    }
    if (!problem) return;
    ctx.status = problem.status;
    ctx.set(problem.headers);
    ctx.body = problemDocument(problem, ctx.state.requestId, ctx.originalUrl);
    ctx.type = 'application/problem+json';
  };
}
