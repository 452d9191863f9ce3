import { AVATAR_SIZES } from '../../domain/avatar/image-format.js';
import { InvalidImageError } from '../../domain/errors.js';
import type { AvatarStore } from '../../domain/ports/avatar-store.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { ImageProcessor } from '../../domain/ports/image-processor.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { TaskStore } from '../../domain/ports/task-store.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Task } from '../../domain/task/task.js';
import { PermanentTaskFailure, type TaskWork } from '../tasks/task-work.js';

interface AvatarPayload {
  readonly profileId: string;
  readonly avatarVersion: number;
}

/** `avatar.process`: renders the uploaded image as square WebP renditions and marks the avatar ready. */
export class ProcessAvatar implements TaskWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskStore,
    private readonly avatars: AvatarStore,
    private readonly images: ImageProcessor,
    private readonly cache: ProfileCache,
    private readonly clock: Clock,
  ) {}

  async run(task: Task): Promise<unknown> {
    const { profileId, avatarVersion } = task.payload as unknown as AvatarPayload;
    const upload = await this.tasks.input(task.id);
    if (upload === null) throw new PermanentTaskFailure('The uploaded image is no longer stored.');
    let renditions;
    try {
      renditions = await this.images.renderAvatar(upload, AVATAR_SIZES);
    } catch (error) {
      if (!(error instanceof InvalidImageError)) throw error;
      await this.mark(profileId, avatarVersion, 'failed');
      throw new PermanentTaskFailure(error.message);
    }
    const stored = await this.avatars.put(profileId, avatarVersion, renditions);
    const marked = stored && (await this.mark(profileId, avatarVersion, 'ready'));
    return marked ? { sizes: renditions.map((r) => r.size) } : { superseded: true };
  }

  /** Records the outcome on the profile, unless the upload was replaced, removed, or the profile deleted. */
  private async mark(profileId: string, avatarVersion: number, status: 'ready' | 'failed'): Promise<boolean> {
    const version = await this.uow.run(async ({ profiles }) => {
      const current = await profiles.findById(profileId);
      if (current === null || current.isDeleted || current.avatar?.version !== avatarVersion) return null;
      const next = current.withAvatarProcessed(avatarVersion, status, this.clock.now());
      if (next !== current) await profiles.save(next, current.version);
      return next.version;
    });
    if (version !== null) await this.cache.invalidate(profileId, version);
    return version !== null;
  }
}
