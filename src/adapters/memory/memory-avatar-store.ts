import type { AvatarImage, AvatarStore, StoredAvatarImage } from '../../domain/ports/avatar-store.js';

export class MemoryAvatarStore implements AvatarStore {
  private readonly images = new Map<string, { version: number; bySize: ReadonlyMap<number, AvatarImage> }>();

  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<boolean> {
    if ((this.images.get(profileId)?.version ?? -1) > version) return Promise.resolve(false);
    this.images.set(profileId, { version, bySize: new Map(images.map((image) => [image.size, image])) });
    return Promise.resolve(true);
  }

  get(profileId: string, size: number): Promise<StoredAvatarImage | null> {
    const stored = this.images.get(profileId);
    const image = stored?.bySize.get(size);
    return Promise.resolve(stored && image ? { ...image, version: stored.version } : null);
  }

  remove(profileId: string): Promise<void> {
    this.images.delete(profileId);
    return Promise.resolve();
  }
}
