// The relay loop: passes back to back while there is a backlog, one per interval when the outbox
// is empty, slower (capped) while the queue fails, and a stop that waits for the pass in hand.
import { jest } from '@jest/globals';
import { createLogger } from '../../../../src/adapters/observability/logger.js';
import { RELAY } from '../../../../src/adapters/settings/tunables.js';
import { RelayLoop } from '../../../../src/adapters/worker/relay-loop.js';

const INTERVAL_MS = 100;

/** A relay whose passes publish what `results` says, in turn (a number published, or an error thrown). */
function scriptedRelay(results: readonly (number | Error)[]) {
  const startedAt: number[] = [];
  return {
    startedAt,
    execute: () => {
      startedAt.push(Date.now());
      const next = results[Math.min(startedAt.length - 1, results.length - 1)]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

const quiet = () => createLogger({ name: 'relay-loop', level: 'fatal' });

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

test('a backlog is relayed pass after pass at once, then the loop waits an interval', async () => {
  const relay = scriptedRelay([100, 100, 3, 0]);
  const loop = new RelayLoop(relay, INTERVAL_MS, quiet(), 'tasks');
  // A timer of 0 ms fires after 1 ms, as in Node.
  await jest.advanceTimersByTimeAsync(INTERVAL_MS);
  expect(relay.startedAt).toEqual([0, 1, 2, 3]);
  await jest.advanceTimersByTimeAsync(3);
  expect(relay.startedAt).toEqual([0, 1, 2, 3, 3 + INTERVAL_MS]);
  await loop.stop();
});

test('while passes fail, the loop backs off, never beyond the cap, and says so in the log', async () => {
  const failure = new Error('queue unreachable');
  const relay = scriptedRelay([failure]);
  const log = quiet();
  const warn = jest.spyOn(log, 'warn');
  const loop = new RelayLoop(relay, INTERVAL_MS, log, 'events');
  await jest.advanceTimersByTimeAsync(30_000);
  const gaps = relay.startedAt.slice(1).map((at, i) => at - relay.startedAt[i]!);
  expect(gaps.slice(0, 3)).toEqual([2 * INTERVAL_MS, 4 * INTERVAL_MS, 8 * INTERVAL_MS]);
  expect(Math.max(...gaps)).toBe(RELAY.maxBackoffMs);
  // The first failure and every tenth: a long outage does not flood the log.
  expect(warn.mock.calls.length).toBe(Math.ceil(relay.startedAt.length / 10));
  await loop.stop();
});

test('after a recovery the interval is back to normal', async () => {
  const relay = scriptedRelay([new Error('down'), new Error('down'), 0]);
  const log = quiet();
  const info = jest.spyOn(log, 'info');
  const loop = new RelayLoop(relay, INTERVAL_MS, log, 'tasks');
  await jest.advanceTimersByTimeAsync(2 * INTERVAL_MS + 4 * INTERVAL_MS);
  expect(relay.startedAt).toEqual([0, 200, 600]);
  expect(info).toHaveBeenCalledWith(expect.objectContaining({ after: 2 }), 'outbox relay recovered');
  await jest.advanceTimersByTimeAsync(INTERVAL_MS);
  expect(relay.startedAt.at(-1)).toBe(700);
  await loop.stop();
});

test('stop waits for the pass in hand and starts no other', async () => {
  let finish: (published: number) => void = () => undefined;
  let passes = 0;
  const loop = new RelayLoop(
    { execute: () => (passes++, new Promise<number>((resolve) => (finish = resolve))) },
    INTERVAL_MS,
    quiet(),
    'tasks',
  );
  await jest.advanceTimersByTimeAsync(0);
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await jest.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish(5);
  await stopping;
  await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
  expect(passes).toBe(1);
});
