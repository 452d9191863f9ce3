import type { AvatarStore } from '../../src/domain/ports/avatar-store.js';

export function avatarStoreContract(name: string, makeStore: () => Promise<AvatarStore>): void {
  describe(`AvatarStore contract: ${name}`, () => {
    const image = (size: number, byte: number) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([byte, byte, byte]) });

    test('when images are put, then each size is served; a new put replaces every size', async () => {
      const store = await makeStore();
      await store.put('p1', [image(64, 1), image(256, 2)]);
      expect(await store.get('p1', 64)).toEqual(image(64, 1));
      await store.put('p1', [image(64, 9)]);
      expect(await store.get('p1', 64)).toEqual(image(64, 9));
      expect(await store.get('p1', 256)).toBeNull();
    });

    test('when removed, then no size is served', async () => {
      const store = await makeStore();
      await store.put('p2', [image(64, 1)]);
      await store.remove('p2');
      expect(await store.get('p2', 64)).toBeNull();
    });
  });
}
