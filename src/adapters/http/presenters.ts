import type { ProfileView } from '../../application/profile-view.js';
import type { ParameterizedContext } from 'koa';
import type { Task } from '../../domain/task/task.js';

export function profilePath(id: string): string {
  return `/v1/profiles/${id}`;
}

/** The JSON document of a profile, as the contract shows it; private members only in the full view. */
export function profileDocument({ profile: p, visibility }: ProfileView): Record<string, unknown> {
  return {
    id: p.id,
    ownerId: p.ownerId,
    handle: p.handle.value,
    ...(visibility === 'full' ? { email: p.email.value } : {}),
    displayName: p.displayName.value,
    bio: p.bio.value,
    location: p.location.value,
    website: p.website?.value ?? null,
    avatar: p.avatar ? {
      status: p.avatar.status,
      url: p.avatar.readyVersion === null ? null : `${profilePath(p.id)}/avatar?v=${p.avatar.readyVersion}`,
      ...(visibility === 'full' && p.avatar.taskId !== null ? { task: taskPath(p.avatar.taskId) } : {}),
    } : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

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

export function taskPath(id: string): string {
  return `/v1/tasks/${id}`;
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
