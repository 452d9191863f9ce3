import { AvatarNotFoundError } from '../../domain/errors.js';
import type { AvatarImage, AvatarStore } from '../../domain/ports/avatar-store.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';

export interface ShownAvatar {
  readonly image: AvatarImage;
  /** The upload it was made from: the `v` of its URL. */
  readonly version: number;
}

/**
 * A rendition of the avatar a live profile shows; avatars are public. Asked for by version
 * (the `v` of the profile's avatar URL), only the version shown now is served: any other,
 * older or never issued, is not found.
 */
export class GetAvatar {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly avatars: AvatarStore,
  ) {}

  async execute(profileId: string, size: number, version?: number): Promise<ShownAvatar> {
    const profile = await this.profiles.findById(profileId);
    const shown = profile !== null && !profile.isDeleted ? (profile.avatar?.readyVersion ?? null) : null;
    if (shown === null || (version !== undefined && version !== shown)) throw new AvatarNotFoundError(profileId);
    const image = await this.avatars.get(profileId, shown, size);
    if (image === null) throw new AvatarNotFoundError(profileId);
    return { image, version: shown };
  }
}
