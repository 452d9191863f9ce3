import { MAX_AVATAR_SIDE, detectImageFormat } from '../../domain/avatar/image-format.js';
import { InvalidImageError, UnsupportedImageTypeError } from '../../domain/errors.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import type { ImageProcessor } from '../../domain/ports/image-processor.js';
import { newTask, type Task } from '../../domain/task/task.js';
import type { Principal } from '../principal.js';
import type { ProfileChanges } from '../profile-changes.js';

/**
 * Accepts an avatar upload: checks it is an image of an accepted format and size from its
 * header, and in one transaction marks a new avatar version processing and writes the task
 * that will render it, with the upload as its input. The image is decoded later, by a worker;
 * until it is ready, the avatar shown before stays shown.
 */
export class UploadAvatar {
  constructor(
    private readonly changes: ProfileChanges,
    private readonly images: ImageProcessor,
    private readonly ids: IdGenerator,
    private readonly maxAttempts: number,
  ) {}

  /** Throws (not found, forbidden) unless the principal may upload here: before the file is read. */
  authorize(principal: Principal, profileId: string): Promise<void> {
    return this.changes.check({ actor: principal, profileId });
  }

  async execute(principal: Principal, profileId: string, bytes: Uint8Array): Promise<Task> {
    if (detectImageFormat(bytes) === null) throw new UnsupportedImageTypeError();
    const info = await this.images.inspect(bytes);
    if (info === null) throw new InvalidImageError('image_unreadable', 'The image header cannot be read.');
    if (info.width > MAX_AVATAR_SIDE || info.height > MAX_AVATAR_SIDE) {
      throw new InvalidImageError(
        'image_too_large',
        `The image is ${info.width}x${info.height} pixels; at most ${MAX_AVATAR_SIDE}x${MAX_AVATAR_SIDE} is accepted.`,
      );
    }
    const { value: task } = await this.changes.apply(
      { actor: principal, profileId, payloadBytes: bytes.byteLength },
      async (current, now, { tasks }) => {
        const taskId = this.ids.next();
        const uploaded = current.withAvatarUploaded(taskId, now);
        const task = newTask({
          id: taskId,
          type: 'avatar.process',
          requestedBy: principal.subject,
          now,
          maxAttempts: this.maxAttempts,
          payload: { profileId, avatarVersion: uploaded.avatar!.version },
        });
        await tasks.add(task, bytes);
        return { next: uploaded, value: task };
      },
    );
    return task;
  }
}
