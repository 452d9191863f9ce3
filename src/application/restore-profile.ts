import type { Principal } from './principal.js';
import type { ProfileChanges } from './profile-changes.js';
import { viewFor, type ProfileView } from './profile-view.js';

/** Brings back a soft-deleted profile within the grace period; a live profile is returned as it is. */
export class RestoreProfile {
  constructor(
    private readonly changes: ProfileChanges,
    private readonly gracePeriodMs: number,
  ) {}

  async execute(principal: Principal, id: string): Promise<ProfileView> {
    const { next } = await this.changes.apply({ actor: principal, profileId: id, deleted: 'allowed' }, (current, now) => ({
      next: current.restore(now, this.gracePeriodMs),
      value: undefined,
      event: 'profile.restored',
    }));
    return viewFor(principal, next);
  }
}
