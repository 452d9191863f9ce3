import type { AvatarStore } from '../../src/domain/ports/avatar-store.js';

const P1 = '00000000-0000-4000-8000-0000000000a1';
const P2 = '00000000-0000-4000-8000-0000000000a2';
const P3 = '00000000-0000-4000-8000-0000000000a3';
const P4 = '00000000-0000-4000-8000-0000000000a4';

export function avatarStoreContract(name: string, makeStore: () => Promise<AvatarStore>): void {
  describe(`AvatarStore contract: ${name}`, () => {
    const image = (size: number, byte: number) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([byte, byte, byte]) });

    test('when renditions of two uploads are put, then each is served by its version and size, side by side', async () => {
      const store = await makeStore();
      await store.put(P1, 1, [image(64, 1), image(256, 2)]);
      await store.put(P1, 2, [image(64, 9)]);

      expect(await store.get(P1, 1, 64)).toEqual(image(64, 1));
      expect(await store.get(P1, 1, 256)).toEqual(image(256, 2));
      expect(await store.get(P1, 2, 64)).toEqual(image(64, 9));
      expect(await store.get(P1, 2, 256)).toBeNull();
      expect(await store.get(P1, 3, 64)).toBeNull();
    });

    test('when an upload is put again (a repeated delivery), then its renditions are replaced, not doubled', async () => {
      const store = await makeStore();
      await store.put(P2, 1, [image(64, 1)]);
      await store.put(P2, 1, [image(64, 5)]);
      expect(await store.get(P2, 1, 64)).toEqual(image(64, 5));
    });

    test('when the uploads older than one are removed, then that one and the newer ones stay', async () => {
      const store = await makeStore();
      for (const version of [1, 2, 3]) await store.put(P3, version, [image(64, version)]);
      await store.removeOlderThan(P3, 2);
      expect([await store.get(P3, 1, 64), await store.get(P3, 2, 64), await store.get(P3, 3, 64)]).toEqual([
        null,
        image(64, 2),
        image(64, 3),
      ]);
    });

    test('when one upload is removed, then only it goes; when all are, then nothing is served', async () => {
      const store = await makeStore();
      await store.put(P4, 1, [image(64, 1)]);
      await store.put(P4, 2, [image(64, 2)]);
      await store.remove(P4, 1);
      expect([await store.get(P4, 1, 64), await store.get(P4, 2, 64)]).toEqual([null, image(64, 2)]);
      await store.remove(P4);
      expect(await store.get(P4, 2, 64)).toBeNull();
    });
  });
}
