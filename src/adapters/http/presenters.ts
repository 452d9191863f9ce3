import type { ProfileView } from '../../application/profile-view.js';
import type { ParameterizedContext } from 'koa';
import type { Task } from '../../domain/task/task.js';
import { profileDocument, profilePath, taskPath } from '../representation/documents.js';

export { profileDocument, profilePath, taskPath };

/**
 * The profile's document as JSON text. A profile is immutable (a change makes a new one) and
 * a warm read returns the cached instance, so each is rendered once per view and reused.
 */
const rendered = new WeakMap<ProfileView['profile'], { full?: string; public?: string }>();

export function profileJson(view: ProfileView): string {
  let texts = rendered.get(view.profile);
  if (texts === undefined) rendered.set(view.profile, (texts = {}));
  return (texts[view.visibility] ??= JSON.stringify(profileDocument(view)));
}

/** 202 Accepted for work handed to a task: the task's document, and where to poll it. */
export function respondAccepted(ctx: ParameterizedContext, task: Task): void {
  ctx.status = 202;
  ctx.set('Location', taskPath(task.id));
  ctx.body = taskDocument(task);
}

/** A task's status document; its payload (internal references) is not shown. */
export function taskDocument(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    attempts: t.attempts,
    maxAttempts: t.maxAttempts,
    runAt: t.runAt.toISOString(),
    lastError: t.lastError,
    result: t.result ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
