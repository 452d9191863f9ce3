import { ProfileNotFoundError } from '../domain/errors.js';
import type { Clock } from '../domain/ports/clock.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { assertMayModify, mayModify } from './access-policy.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

/** Brings back a soft-deleted profile within the grace period; a live profile is returned as it is. */
export class RestoreProfile {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly clock: Clock,
    private readonly gracePeriodMs: number,
  ) {}

  async execute(principal: Principal, id: string): Promise<ProfileView> {
    const restored = await this.uow.run(async ({ profiles }) => {
      const current = await profiles.findById(id);
      // A deleted profile is invisible to everyone but those who may restore it.
      if (current === null || (current.isDeleted && !mayModify(principal, current))) {
        throw new ProfileNotFoundError(id);
      }
      assertMayModify(principal, current);
      const next = current.restore(this.clock.now(), this.gracePeriodMs);
      if (next !== current) await profiles.save(next, current.version);
      return next;
    });
    await this.cache.invalidate(id, restored.version);
    return viewFor(principal, restored);
  }
}
