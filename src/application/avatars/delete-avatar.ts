import { ProfileNotFoundError } from '../../domain/errors.js';
import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { assertMayModify } from '../access-policy.js';
import type { Principal } from '../principal.js';

/** Removes a profile's avatar; a processing task still running for it will find it superseded. */
export class DeleteAvatar {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly avatars: AvatarStore,
    private readonly cache: ProfileCache,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, profileId: string): Promise<void> {
    const version = await this.uow.run(async ({ profiles }) => {
      const current = await profiles.findById(profileId);
      if (current === null || current.isDeleted) throw new ProfileNotFoundError(profileId);
      assertMayModify(principal, current);
      const next = current.withoutAvatar(this.clock.now());
      if (next !== current) await profiles.save(next, current.version);
      return next.version;
    });
    await this.avatars.remove(profileId);
    await this.cache.invalidate(profileId, version);
  }
}
