import type { AvatarStore } from '../../src/domain/ports/avatar-store.js';

const P1 = '00000000-0000-4000-8000-0000000000a1';
const P2 = '00000000-0000-4000-8000-0000000000a2';

export function avatarStoreContract(name: string, makeStore: () => Promise<AvatarStore>): void {
  describe(`AvatarStore contract: ${name}`, () => {
    const image = (size: number, byte: number) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([byte, byte, byte]) });

    test('when images are put, then each size is served; a new put replaces every size', async () => {
      const store = await makeStore();
      await store.put(P1, [image(64, 1), image(256, 2)]);
      expect(await store.get(P1, 64)).toEqual(image(64, 1));
      await store.put(P1, [image(64, 9)]);
      expect(await store.get(P1, 64)).toEqual(image(64, 9));
      expect(await store.get(P1, 256)).toBeNull();
    });

    test('when removed, then no size is served', async () => {
      const store = await makeStore();
      await store.put(P2, [image(64, 1)]);
      await store.remove(P2);
      expect(await store.get(P2, 64)).toBeNull();
    });
  });
}
