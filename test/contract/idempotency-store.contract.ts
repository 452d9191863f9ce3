import type { IdempotencyStore, IdempotentRequest, StoredResponse } from '../../src/adapters/dependencies/idempotency-store.js';

export function idempotencyStoreContract(
  name: string,
  makeFixture: () => Promise<{ store: IdempotencyStore; passTime: (ms: number) => Promise<void> }>,
): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const response: StoredResponse = { status: 201, headers: { location: '/v1/profiles/x' }, body: { id: 'x' } };
    const request = (key: string, fingerprint = 'fp', ttlMs = 60_000): IdempotentRequest => ({ key, fingerprint, ttlMs });
    /** A handler that counts its runs and answers `answer`. */
    const handler = (answer: () => Promise<StoredResponse | null> = () => Promise.resolve(response)) => {
      const runs = { count: 0 };
      return { runs, handle: () => ((runs.count += 1), answer()) };
    };

    test('when a key is new, then the request is handled, and a retry with it replays the response without running again', async () => {
      const { store } = await makeFixture();
      const first = handler();
      expect(await store.handle(request('k1'), first.handle)).toEqual({ outcome: 'handled' });
      const retry = handler();
      expect(await store.handle(request('k1'), retry.handle)).toEqual({ outcome: 'replay', response });
      expect([first.runs.count, retry.runs.count]).toEqual([1, 0]);
    });

    test('when the same key comes with another fingerprint, then it is a mismatch and nothing runs', async () => {
      const { store } = await makeFixture();
      await store.handle(request('k2', 'fp-a'), handler().handle);
      const other = handler();
      expect(await store.handle(request('k2', 'fp-b'), other.handle)).toEqual({ outcome: 'mismatch' });
      expect(other.runs.count).toBe(0);
    });

    test('when the handler fails, then the key stays free and a retry runs', async () => {
      const { store } = await makeFixture();
      await expect(store.handle(request('k3'), () => Promise.reject(new Error('the database went away')))).rejects.toThrow('went away');
      const retry = handler();
      expect(await store.handle(request('k3'), retry.handle)).toEqual({ outcome: 'handled' });
      expect(retry.runs.count).toBe(1);
    });

    test('when the handler keeps nothing (a refusal), then the key stays free', async () => {
      const { store } = await makeFixture();
      await store.handle(request('k4'), () => Promise.resolve(null));
      const retry = handler();
      expect(await store.handle(request('k4'), retry.handle)).toEqual({ outcome: 'handled' });
    });

    test('when a retry comes while the first request runs, then it never runs itself: it waits for the replay or is told to come back', async () => {
      const { store } = await makeFixture();
      let finish!: () => void;
      const first = store.handle(request('k5'), () => new Promise<StoredResponse>((resolve) => (finish = () => resolve(response))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const retry = handler();
      const second = store.handle(request('k5'), retry.handle);
      await new Promise((resolve) => setTimeout(resolve, 50));
      finish();
      expect(await first).toEqual({ outcome: 'handled' });
      expect(['replay', 'in_progress']).toContain((await second).outcome);
      expect(retry.runs.count).toBe(0);
    });

    test('when the TTL passes, then the key is forgotten', async () => {
      const { store, passTime } = await makeFixture();
      await store.handle(request('k6', 'fp', 1000), handler().handle);
      await passTime(1500);
      expect(await store.handle(request('k6', 'other', 1000), handler().handle)).toEqual({ outcome: 'handled' });
    });
  });
}
