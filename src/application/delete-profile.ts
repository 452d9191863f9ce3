import { ProfileNotFoundError, VersionMismatchError } from '../domain/errors.js';
import type { Clock } from '../domain/ports/clock.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { newTask } from '../domain/task/task.js';
import { assertMayModify } from './access-policy.js';
import type { Principal } from './principal.js';
import { accepts, type ExpectedVersion } from './expected-version.js';

/**
 * Soft-deletes a profile and, in the same transaction, schedules its purge for the end of
 * the grace period. The purge checks the version it was scheduled for, so a restore (or a
 * restore and a later delete) makes an old purge task a no-op.
 */
export class DeleteProfile {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly gracePeriodMs: number,
  ) {}

  async execute(principal: Principal, id: string, expected: ExpectedVersion = 'any'): Promise<void> {
    const deletedVersion = await this.uow.run(async ({ profiles, tasks }) => {
      const current = await profiles.findById(id);
      if (current === null || current.isDeleted) throw new ProfileNotFoundError(id);
      assertMayModify(principal, current);
      if (!accepts(expected, current.version)) throw new VersionMismatchError(current.version);
      const now = this.clock.now();
      const deleted = current.markDeleted(now);
      await profiles.save(deleted, current.version);
      await tasks.add(
        newTask({
          id: this.ids.next(),
          type: 'profile.purge',
          payload: { profileId: id, version: deleted.version },
          requestedBy: principal.subject,
          now,
          runAt: deleted.purgeDueAt(this.gracePeriodMs) ?? now,
        }),
      );
      return deleted.version;
    });
    await this.cache.invalidate(id, deletedVersion);
  }
}
