import { ProfileNotFoundError, VersionMismatchError } from '../domain/errors.js';
import type { Clock } from '../domain/ports/clock.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import type { ProfilePatch } from '../domain/profile/profile.js';
import { assertMayModify } from './access-policy.js';
import { accepts, type ExpectedVersion } from './expected-version.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

export class UpdateProfile {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string, patch: ProfilePatch, expected: ExpectedVersion): Promise<ProfileView> {
    const updated = await this.uow.run(async ({ profiles }) => {
      const current = await profiles.findById(id);
      if (current === null || current.isDeleted) throw new ProfileNotFoundError(id);
      assertMayModify(principal, current);
      if (!accepts(expected, current.version)) throw new VersionMismatchError(current.version);
      const next = current.patch(patch, this.clock.now());
      if (next !== current) await profiles.save(next, current.version);
      return next;
    });
    await this.cache.invalidate(id, updated.version);
    return viewFor(principal, updated);
  }
}
