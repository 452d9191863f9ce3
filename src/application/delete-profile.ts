import type { IdGenerator } from '../domain/ports/id-generator.js';
import { newTask } from '../domain/task/task.js';
import type { ExpectedVersion } from './expected-version.js';
import type { Principal } from './principal.js';
import type { ProfileChanges } from './profile-changes.js';

/**
 * Soft-deletes a profile and, in the same transaction, schedules its purge for the end of
 * the grace period. The purge checks the version it was scheduled for, so a restore (or a
 * restore and a later delete) makes an old purge task a no-op.
 */
export class DeleteProfile {
  constructor(
    private readonly changes: ProfileChanges,
    private readonly ids: IdGenerator,
    private readonly gracePeriodMs: number,
  ) {}

  async execute(principal: Principal, id: string, expected: ExpectedVersion = 'any'): Promise<void> {
    await this.changes.apply({ actor: principal, profileId: id, expected }, async (current, now, { tasks }) => {
      const deleted = current.markDeleted(now);
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
      return { next: deleted, value: undefined, event: 'profile.deleted' };
    });
  }
}
