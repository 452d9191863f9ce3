/** One encoded rendition of a profile's avatar. */
export interface AvatarImage {
  readonly size: number;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * Where processed avatar images live, by profile, upload version and size. Renditions of
 * several uploads live side by side: the shown one stays while a newer one is processed. The
 * profile says which version is shown; this store only keeps bytes.
 */
export interface AvatarStore {
  /** Stores the renditions of upload `version` (again, when a delivery repeats: same bytes). */
  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<void>;
  get(profileId: string, version: number, size: number): Promise<AvatarImage | null>;
  /** Removes the renditions of every upload older than `version`: none of them will be shown again. */
  removeOlderThan(profileId: string, version: number): Promise<void>;
  /** Removes the renditions of one upload, or of all of them when no version is given. */
  remove(profileId: string, version?: number): Promise<void>;
}
