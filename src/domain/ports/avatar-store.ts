/** One encoded rendition of a profile's avatar. */
export interface AvatarImage {
  readonly size: number;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** A stored rendition, with the avatar version (upload) it was made from. */
export interface StoredAvatarImage extends AvatarImage {
  readonly version: number;
}

/** Where processed avatar images live, by profile and size. */
export interface AvatarStore {
  /**
   * Replaces every stored rendition of the profile's avatar with these, made from upload
   * `version`; false (and nothing written) when renditions of a newer upload are stored already.
   */
  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<boolean>;
  get(profileId: string, size: number): Promise<StoredAvatarImage | null>;
  remove(profileId: string): Promise<void>;
}

export const AVATAR_STORE = Symbol.for('AvatarStore');
