import type { AvatarStore } from '../../src/domain/ports/avatar-store.js';

const P1 = '00000000-0000-4000-8000-0000000000a1';
const P2 = '00000000-0000-4000-8000-0000000000a2';
const P3 = '00000000-0000-4000-8000-0000000000a3';

export function avatarStoreContract(name: string, makeStore: () => Promise<AvatarStore>): void {
  describe(`AvatarStore contract: ${name}`, () => {
    const image = (size: number, byte: number) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([byte, byte, byte]) });

    test('when images are put, then each size is served with its version; a newer put replaces every size', async () => {
      const store = await makeStore();
      expect(await store.put(P1, 1, [image(64, 1), image(256, 2)])).toBe(true);
      expect(await store.get(P1, 64)).toEqual({ ...image(64, 1), version: 1 });
      expect(await store.put(P1, 2, [image(64, 9)])).toBe(true);
      expect(await store.get(P1, 64)).toEqual({ ...image(64, 9), version: 2 });
      expect(await store.get(P1, 256)).toBeNull();
    });

    test('when renditions of an older upload arrive late, then the newer ones stay', async () => {
      const store = await makeStore();
      await store.put(P3, 3, [image(64, 3)]);
      expect(await store.put(P3, 2, [image(64, 2)])).toBe(false);
      expect(await store.get(P3, 64)).toEqual({ ...image(64, 3), version: 3 });
    });

    test('when removed, then no size is served', async () => {
      const store = await makeStore();
      await store.put(P2, 1, [image(64, 1)]);
      await store.remove(P2);
      expect(await store.get(P2, 64)).toBeNull();
    });
  });
}
