import { Bulkhead } from '../../../src/adapters/resilience/bulkhead.js';
import { DependencyUnavailableError } from '../../../src/domain/errors.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

test('when more calls come than may run, then the extra wait their turn in order, and beyond the queue are refused at once as unavailable', async () => {
  const bulkhead = new Bulkhead({ name: 'search', maxConcurrent: 2, maxQueued: 1, retryAfterSeconds: 1 });
  const gates = [gate(), gate(), gate()];
  const started: number[] = [];
  const calls = gates.map((g, i) =>
    bulkhead.run(async () => {
      started.push(i);
      await g.opened;
      return i;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual([0, 1]);
  const refused = await bulkhead.run(() => Promise.resolve('never')).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(DependencyUnavailableError);
  expect(refused).toMatchObject({ dependency: 'search', retryAfterSeconds: 1 });

  gates[0]!.open();
  await calls[0];
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual([0, 1, 2]);
  gates[1]!.open();
  gates[2]!.open();
  expect(await Promise.all(calls)).toEqual([0, 1, 2]);
});

test('when a call fails, then its turn is handed on all the same', async () => {
  const bulkhead = new Bulkhead({ name: 'search', maxConcurrent: 1, maxQueued: 5, retryAfterSeconds: 1 });
  const failing = bulkhead.run(() => Promise.reject(new Error('boom')));
  const next = bulkhead.run(() => Promise.resolve('after'));
  await expect(failing).rejects.toThrow('boom');
  expect(await next).toBe('after');
  expect(await bulkhead.run(() => Promise.resolve('again'))).toBe('again');
});
