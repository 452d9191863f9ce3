// A shared rate limit spent from local leases: exact for one instance, never more than the
// limit for several, and one store round trip per lease instead of per request.
import { RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedRequestLimiter, type SharedBudget } from '../../../src/adapters/redis/leased-request-limiter.js';

/** A fixed-window budget as Redis keeps it (every take is counted, refused or not), on a clock the test moves. */
function fixedWindowStore(points: number, durationSeconds = 60) {
  const clock = { now: 0 };
  const windows = new Map<string, { startedAt: number; consumed: number }>();
  let calls = 0;
  const store: SharedBudget = {
    points,
    duration: durationSeconds,
    consume(key, take) {
      calls++;
      let window = windows.get(key);
      if (!window || clock.now >= window.startedAt + durationSeconds * 1000)
        windows.set(key, (window = { startedAt: clock.now, consumed: 0 }));
      window.consumed += take;
      const res = new RateLimiterRes(
        Math.max(0, points - window.consumed),
        window.startedAt + durationSeconds * 1000 - clock.now,
        window.consumed,
      );
      // rate-limiter-flexible's contract: a spent budget rejects with its RateLimiterRes.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return window.consumed > points ? Promise.reject(res) : Promise.resolve(res);
    },
  };
  return { store, clock, calls: () => calls };
}

/** Spends one request; true when it passed. */
const passes = (limiter: LeasedRequestLimiter, key = 'sub:alice') =>
  limiter.consume(key).then(
    () => true,
    (refusal: unknown) => {
      if (refusal instanceof RateLimiterRes) return false;
      throw refusal;
    },
  );

test('when one instance spends a budget of 30 in leases of 5, then exactly 30 pass, asking the store once per lease', async () => {
  const { store, clock, calls } = fixedWindowStore(30);
  const limiter = new LeasedRequestLimiter(store, 5, () => clock.now);
  const outcomes = [];
  for (let i = 0; i < 31; i++) outcomes.push(await passes(limiter));
  expect({ passed: outcomes.filter(Boolean).length, last: outcomes.at(-1), storeCalls: calls() }).toEqual({
    passed: 30,
    last: false,
    storeCalls: 6,
  });
});

test('when a budget is spent, then the refusal says how long until the window turns, and asking again is refused without the store', async () => {
  const { store, clock, calls } = fixedWindowStore(3, 60);
  const limiter = new LeasedRequestLimiter(store, 1, () => clock.now);
  for (let i = 0; i < 3; i++) await limiter.consume('k');
  clock.now = 20_000;
  const refusal = await limiter.consume('k').catch((e: unknown) => e);
  const callsAfterFirstRefusal = calls();
  await limiter.consume('k').catch(() => undefined);
  expect({
    msBeforeNext: (refusal as RateLimiterRes).msBeforeNext,
    remaining: (refusal as RateLimiterRes).remainingPoints,
    askedAgain: calls() - callsAfterFirstRefusal,
  }).toEqual({ msBeforeNext: 40_000, remaining: 0, askedAgain: 0 });
});

test('when the window turns, then the spent budget is whole again', async () => {
  const { store, clock } = fixedWindowStore(4, 60);
  const limiter = new LeasedRequestLimiter(store, 2, () => clock.now);
  for (let i = 0; i < 5; i++) await passes(limiter);
  clock.now = 60_000;
  const outcomes = [];
  for (let i = 0; i < 5; i++) outcomes.push(await passes(limiter));
  expect(outcomes).toEqual([true, true, true, true, false]);
});

test('when requests pass, then the remaining points they are told count down from the limit', async () => {
  const { store, clock } = fixedWindowStore(10);
  const limiter = new LeasedRequestLimiter(store, 4, () => clock.now);
  const remaining = [];
  for (let i = 0; i < 5; i++) remaining.push((await limiter.consume('k')).remainingPoints);
  expect(remaining).toEqual([9, 8, 7, 6, 5]);
});

test('when three instances share a budget of 100 in leases of 10, then together they pass no more than 100, and at most 3 x 9 fewer', async () => {
  const { store, clock } = fixedWindowStore(100);
  const instances = [0, 1, 2].map(() => new LeasedRequestLimiter(store, 10, () => clock.now));
  let passed = 0;
  // Uneven traffic: the first instance gets half the requests.
  for (let i = 0; i < 300; i++) if (await passes(instances[i % 2 === 0 ? 0 : 1 + ((i >> 1) % 2)]!)) passed++;
  expect(passed).toBeLessThanOrEqual(100);
  expect(passed).toBeGreaterThanOrEqual(100 - 3 * 9);
});

test('when many requests of one key arrive at once, then they share one renewal of the lease', async () => {
  const { store, clock, calls } = fixedWindowStore(100);
  const limiter = new LeasedRequestLimiter(store, 10, () => clock.now);
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => passes(limiter)));
  expect({ passed: outcomes.filter(Boolean).length, storeCalls: calls() }).toEqual({ passed: 10, storeCalls: 1 });
});

test('when the store fails (not a refusal), then the error comes out for the caller to decide', async () => {
  const failing: SharedBudget = { points: 10, duration: 60, consume: () => Promise.reject(new Error('ECONNRESET')) };
  await expect(new LeasedRequestLimiter(failing, 5).consume('k')).rejects.toThrow('ECONNRESET');
});
