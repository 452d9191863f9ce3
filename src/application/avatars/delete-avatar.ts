import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { Principal } from '../principal.js';
import type { ProfileChanges } from '../profile-changes.js';

/** Removes a profile's avatar; a processing task still running for it will find it superseded. */
export class DeleteAvatar {
  constructor(
    private readonly changes: ProfileChanges,
    private readonly avatars: AvatarStore,
  ) {}

  async execute(principal: Principal, profileId: string): Promise<void> {
    await this.changes.apply({ actor: principal, profileId }, (current, now) => ({
      next: current.withoutAvatar(now),
      value: undefined,
      event: 'profile.avatar.removed',
    }));
    await this.avatars.remove(profileId);
  }
}
