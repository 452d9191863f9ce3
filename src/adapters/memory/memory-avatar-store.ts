import type { AvatarImage, AvatarStore } from '../../domain/ports/avatar-store.js';

export class MemoryAvatarStore implements AvatarStore {
  private readonly images = new Map<string, ReadonlyMap<number, AvatarImage>>();

  put(profileId: string, images: readonly AvatarImage[]): Promise<void> {
    this.images.set(profileId, new Map(images.map((image) => [image.size, image])));
    return Promise.resolve();
  }

  get(profileId: string, size: number): Promise<AvatarImage | null> {
    return Promise.resolve(this.images.get(profileId)?.get(size) ?? null);
  }

  remove(profileId: string): Promise<void> {
    this.images.delete(profileId);
    return Promise.resolve();
  }
}
