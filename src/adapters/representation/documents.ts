// The contract's documents of a profile, shared by every adapter that shows one: the HTTP API
// (presenters.ts) and the events other services receive (events/).
import type { ProfileView } from '../../application/profile-view.js';

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
    avatar: p.avatar
      ? {
          status: p.avatar.status,
          url: p.avatar.readyVersion === null ? null : `${profilePath(p.id)}/avatar?v=${p.avatar.readyVersion}`,
          ...(visibility === 'full' && p.avatar.taskId !== null ? { task: taskPath(p.avatar.taskId) } : {}),
        }
      : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

export function taskPath(id: string): string {
  return `/v1/tasks/${id}`;
}
