import { ProfileNotFoundError, TaskNotFoundError } from '../../../domain/errors.js';
import type { AppContext } from '../context.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const param = (ctx: AppContext, name: string) => String((ctx.params as Record<string, string>)[name]);

/** An id that is not a UUID names no profile: 404, like any other unknown id. */
export function profileIdOf(ctx: AppContext): string {
  const id = param(ctx, 'id');
  if (!UUID.test(id)) throw new ProfileNotFoundError(id);
  return id.toLowerCase();
}

export function taskIdOf(ctx: AppContext): string {
  const id = param(ctx, 'id');
  if (!UUID.test(id)) throw new TaskNotFoundError(id);
  return id.toLowerCase();
}
