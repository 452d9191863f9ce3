import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';
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
    private readonly profiles: ProfileRepository,
    private readonly avatars: AvatarStore,
    private readonly cache: ProfileCache,
  ) {}

  async run(task: Task): Promise<unknown> {
    const { profileId, version } = task.payload as unknown as PurgePayload;
    // Removal only at the version the delete produced: a restore, even one racing this purge, wins.
    if (await this.profiles.remove(profileId, version)) {
      await this.avatars.remove(profileId);
      await this.cache.invalidate(profileId, version + 1);
      return { purged: true };
    }
    if ((await this.profiles.findById(profileId)) !== null) return { purged: false, reason: 'The profile was restored or changed after the delete.' };
    // Gone already: an earlier delivery removed it and may have stopped before the images.
    await this.avatars.remove(profileId);
    return { purged: true };
  }
}
