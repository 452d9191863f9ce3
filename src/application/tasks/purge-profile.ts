import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import { purgedEvent } from '../../domain/events/profile-event.js';
import type { Task } from '../../domain/task/task.js';
import type { TaskWork } from './task-work.js';

interface PurgePayload {
  readonly profileId: string;
  /** The version the delete produced; any later change (a restore) cancels the purge. */
  readonly version: number;
}

/** `profile.purge`: erases a soft-deleted profile, its avatar and its cache entries once the grace period is over. */
export class PurgeProfile implements TaskWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly avatars: AvatarStore,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async run(task: Task): Promise<unknown> {
    const { profileId, version } = task.payload as unknown as PurgePayload;
    // Removal only at the version the delete produced: a restore, even one racing this purge, wins.
    // The event's id derives from the task: told once, whichever delivery erased it.
    const removed = await this.uow.run(async ({ profiles, events }) => {
      if (!(await profiles.remove(profileId, version))) return false;
      await events.add(purgedEvent(profileId, version, this.ids.derive(`${task.id}:purged`), this.clock.now()));
      return true;
    });
    if (removed) {
      await this.avatars.remove(profileId);
      await this.cache.invalidate(profileId, version + 1);
      return { purged: true };
    }
    if ((await this.uow.run(({ profiles }) => profiles.findById(profileId))) !== null)
      return { purged: false, reason: 'The profile was restored or changed after the delete.' };
    // Gone already: an earlier delivery removed it and may have stopped before the images.
    await this.avatars.remove(profileId);
    return { purged: true };
  }
}
