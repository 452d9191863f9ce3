import type { IdempotencyStore } from '../../src/adapters/http/idempotency-store.js';

export function idempotencyStoreContract(
  name: string,
  makeFixture: () => Promise<{ store: IdempotencyStore; passTime: (ms: number) => Promise<void> }>,
): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const response = { status: 201, headers: { location: '/v1/profiles/x' }, body: { id: 'x' } };

    test('when a key is claimed, then a second claim is in progress until completed, then replays the response', async () => {
      const { store } = await makeFixture();
      expect(await store.claim('k1', 'fp', 60_000)).toEqual({ outcome: 'claimed' });
      expect(await store.claim('k1', 'fp', 60_000)).toEqual({ outcome: 'in_progress' });
      await store.complete('k1', response);
      expect(await store.claim('k1', 'fp', 60_000)).toEqual({ outcome: 'replay', response });
    });

    test('when the same key comes with another fingerprint, then it is a mismatch', async () => {
      const { store } = await makeFixture();
      await store.claim('k2', 'fp-a', 60_000);
      await store.complete('k2', response);
      expect(await store.claim('k2', 'fp-b', 60_000)).toEqual({ outcome: 'mismatch' });
    });

    test('when a claim is released, then the key can be claimed again', async () => {
      const { store } = await makeFixture();
      await store.claim('k3', 'fp', 60_000);
      await store.release('k3');
      expect(await store.claim('k3', 'fp', 60_000)).toEqual({ outcome: 'claimed' });
    });

    test('when the TTL passes, then the key is forgotten', async () => {
      const { store, passTime } = await makeFixture();
      await store.claim('k4', 'fp', 1000);
      await store.complete('k4', response);
      await passTime(1500);
      expect(await store.claim('k4', 'other', 1000)).toEqual({ outcome: 'claimed' });
    });
  });
}
