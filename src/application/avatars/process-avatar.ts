import { AVATAR_SIZES } from '../../domain/avatar/image-format.js';
import { InvalidImageError, ProfileNotFoundError } from '../../domain/errors.js';
import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { ImageProcessor } from '../../domain/ports/image-processor.js';
import type { TaskInputs } from '../../domain/ports/task-store.js';
import type { Task } from '../../domain/task/task.js';
import type { ProfileChanges } from '../profile-changes.js';
import { PermanentTaskFailure, type TaskWork } from '../tasks/task-work.js';

interface AvatarPayload {
  readonly profileId: string;
  readonly avatarVersion: number;
}

/**
 * `avatar.process`: renders the uploaded image as square WebP renditions, stores them beside
 * those of the avatar shown now, and makes them the shown ones if this upload is still the
 * newest. Renditions that will never be shown are removed. When the task dies, for whatever
 * reason, the upload is marked failed, and the avatar shown before stays.
 */
export class ProcessAvatar implements TaskWork {
  constructor(
    private readonly changes: ProfileChanges,
    private readonly inputs: TaskInputs,
    private readonly avatars: AvatarStore,
    private readonly images: ImageProcessor,
  ) {}

  async run(task: Task): Promise<unknown> {
    const { profileId, avatarVersion } = task.payload as unknown as AvatarPayload;
    const upload = await this.inputs.input(task.id);
    if (upload === null) throw new PermanentTaskFailure('The uploaded image is no longer stored.');
    let renditions;
    try {
      renditions = await this.images.renderAvatar(upload, AVATAR_SIZES);
    } catch (error) {
      if (error instanceof InvalidImageError) throw new PermanentTaskFailure(error.message);
      throw error;
    }
    await this.avatars.put(profileId, avatarVersion, renditions);
    if (await this.record(profileId, avatarVersion, 'ready')) {
      await this.avatars.removeOlderThan(profileId, avatarVersion);
      return { sizes: renditions.map((r) => r.size) };
    }
    // Replaced by a newer upload, or removed, meanwhile: these renditions will never be shown.
    await this.avatars.remove(profileId, avatarVersion);
    return { superseded: true };
  }

  async onDead(task: Task): Promise<void> {
    const { profileId, avatarVersion } = task.payload as unknown as AvatarPayload;
    await this.record(profileId, avatarVersion, 'failed');
  }

  /** Records the outcome of upload `avatarVersion`; true when it is the avatar shown now. */
  private async record(profileId: string, avatarVersion: number, status: 'ready' | 'failed'): Promise<boolean> {
    try {
      const { next } = await this.changes.apply({ actor: 'service', profileId, deleted: 'allowed' }, (current, now) => ({
        next: current.withAvatarProcessed(avatarVersion, status, now),
        value: undefined,
        // A failed processing leaves the avatar shown as it was: the profile changed (its avatar's status), nothing became ready.
        event: status === 'ready' ? 'profile.avatar.ready' : 'profile.updated',
      }));
      return next.avatar?.readyVersion === avatarVersion;
    } catch (error) {
      // The profile was purged meanwhile: nothing is left to record on.
      if (error instanceof ProfileNotFoundError) return false;
      throw error;
    }
  }
}
