import { AvatarNotFoundError } from '../../domain/errors.js';
import type { AvatarStore, StoredAvatarImage } from '../../domain/ports/avatar-store.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';

/**
 * A rendition of a live profile's ready avatar; avatars are public. Only renditions of the
 * current upload are served: its URL carries the version and is cached for a long time.
 */
export class GetAvatar {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly avatars: AvatarStore,
  ) {}

  async execute(profileId: string, size: number): Promise<StoredAvatarImage> {
    const profile = await this.profiles.findById(profileId);
    if (profile === null || profile.isDeleted || profile.avatar?.status !== 'ready') throw new AvatarNotFoundError(profileId);
    const image = await this.avatars.get(profileId, size);
    if (image === null || image.version !== profile.avatar.version) throw new AvatarNotFoundError(profileId);
    return image;
  }
}
