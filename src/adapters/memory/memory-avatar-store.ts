import type { AvatarImage, AvatarStore } from '../../domain/ports/avatar-store.js';

export class MemoryAvatarStore implements AvatarStore {
  /** profile id -> upload version -> size -> image */
  private readonly images = new Map<string, Map<number, ReadonlyMap<number, AvatarImage>>>();

  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<void> {
    const versions = this.images.get(profileId) ?? new Map<number, ReadonlyMap<number, AvatarImage>>();
    versions.set(version, new Map([...(versions.get(version) ?? []), ...images.map((image) => [image.size, image] as const)]));
    this.images.set(profileId, versions);
    return Promise.resolve();
  }

  get(profileId: string, version: number, size: number): Promise<AvatarImage | null> {
    return Promise.resolve(this.images.get(profileId)?.get(version)?.get(size) ?? null);
  }

  removeOlderThan(profileId: string, version: number): Promise<void> {
    const versions = this.images.get(profileId);
    for (const stored of versions?.keys() ?? []) if (stored < version) versions!.delete(stored);
    return Promise.resolve();
  }

  remove(profileId: string, version?: number): Promise<void> {
    if (version === undefined) this.images.delete(profileId);
    else this.images.get(profileId)?.delete(version);
    return Promise.resolve();
  }
}
