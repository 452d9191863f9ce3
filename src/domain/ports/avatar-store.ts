/** One encoded rendition of a profile's avatar. */
export interface AvatarImage {
  readonly size: number;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** Where processed avatar images live, by profile and size. */
export interface AvatarStore {
  /** Replaces every stored rendition of the profile's avatar with these. */
  put(profileId: string, images: readonly AvatarImage[]): Promise<void>;
  get(profileId: string, size: number): Promise<AvatarImage | null>;
  remove(profileId: string): Promise<void>;
}

export const AVATAR_STORE = Symbol.for('AvatarStore');
