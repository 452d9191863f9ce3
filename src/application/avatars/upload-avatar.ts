import { MAX_AVATAR_SIDE, detectImageFormat } from '../../domain/avatar/image-format.js';
import { InvalidImageError, ProfileNotFoundError, UnsupportedImageTypeError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import type { ImageProcessor } from '../../domain/ports/image-processor.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { newTask, type Task } from '../../domain/task/task.js';
import { assertMayModify } from '../access-policy.js';
import type { Principal } from '../principal.js';

/**
 * Accepts an avatar upload: checks it is an image of an accepted format and size from its
 * header, marks the avatar processing, and in the same transaction writes the processing
 * task with the upload as its input. The image is decoded later, by a worker.
 */
export class UploadAvatar {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly images: ImageProcessor,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly maxAttempts: number,
  ) {}

  async execute(principal: Principal, profileId: string, bytes: Uint8Array): Promise<Task> {
    if (detectImageFormat(bytes) === null) throw new UnsupportedImageTypeError();
    const info = await this.images.inspect(bytes);
    if (info === null) throw new InvalidImageError('image_unreadable', 'The image header cannot be read.');
    if (info.width > MAX_AVATAR_SIDE || info.height > MAX_AVATAR_SIDE) {
      throw new InvalidImageError('image_too_large', `The image is ${info.width}x${info.height} pixels; at most ${MAX_AVATAR_SIDE}x${MAX_AVATAR_SIDE} is accepted.`);
    }
    const { task, version } = await this.uow.run(async ({ profiles, tasks }) => {
      const current = await profiles.findById(profileId);
      if (current === null || current.isDeleted) throw new ProfileNotFoundError(profileId);
      assertMayModify(principal, current);
      const now = this.clock.now();
      const uploaded = current.withAvatarUploaded(now);
      await profiles.save(uploaded, current.version);
      const task = newTask({
        id: this.ids.next(), type: 'avatar.process', requestedBy: principal.subject, now, maxAttempts: this.maxAttempts,
        payload: { profileId, avatarVersion: uploaded.avatar!.version },
      });
      await tasks.add(task, bytes);
      return { task, version: uploaded.version };
    });
    await this.cache.invalidate(profileId, version);
    return task;
  }
}
