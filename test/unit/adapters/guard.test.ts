import { Guard, type GuardSettings } from '../../../src/adapters/resilience/guard.js';
import { breakerLog, observeAll } from '../../../src/adapters/resilience/guard-log.js';
import type { Logger } from '../../../src/adapters/observability/logger.js';
import { DependencyUnavailableError } from '../../../src/domain/errors.js';

class Down extends Error {}
class Answer extends Error {}

/**
 * A deadline far above two backoffs (25-50 ms, then 50-100 ms): for the tests that count
 * attempts, which a busy machine (CI runs the drills beside them) must not cut short.
 */
const ROOMY_DEADLINE_MS = 5000;

const settings = (overrides: Partial<GuardSettings> = {}): GuardSettings => ({
  name: 'thing',
  timeoutMs: 200,
  retries: 2,
  resetTimeoutMs: 60_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  retryAfterSeconds: 7,
  isDependencyFailure: (e) => e instanceof Down,
  ...overrides,
});

describe('Guard', () => {
  let guard: Guard;
  afterEach(() => guard.shutdown());

  test('when an idempotent call fails with a dependency failure, then it is retried; a non-idempotent one is not', async () => {
    guard = new Guard(settings({ timeoutMs: ROOMY_DEADLINE_MS }));
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(new Down('blip')) : Promise.resolve('ok'));
    expect(await guard.run(flaky, { idempotent: true })).toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(guard.run(flaky, { idempotent: false })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(calls).toBe(1);
  });

  test('when an idempotent call keeps failing, then it is tried once and retried twice, then unavailable; a domain answer is not retried', async () => {
    guard = new Guard(settings({ volumeThreshold: 100, timeoutMs: ROOMY_DEADLINE_MS }));
    let down = 0;
    await expect(guard.run(() => (down++, Promise.reject(new Down('gone'))), { idempotent: true })).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    let answered = 0;
    await expect(guard.run(() => (answered++, Promise.reject(new Answer('conflict'))), { idempotent: true })).rejects.toBeInstanceOf(
      Answer,
    );
    expect({ down, answered }).toEqual({ down: 3, answered: 1 });
  });

  test('when failures pass the threshold, then the breaker opens and calls fail at once without reaching the dependency', async () => {
    guard = new Guard(settings({ retries: 0 }));
    for (let i = 0; i < 3; i++) await guard.run(() => Promise.reject(new Down('x')), { idempotent: false }).catch(() => undefined);
    expect(guard.state).toBe('open');
    let reached = false;
    const error = await guard.run(() => Promise.resolve((reached = true)), { idempotent: true }).catch((e: unknown) => e);
    expect(reached).toBe(false);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ dependency: 'thing', retryAfterSeconds: 7 });
  });

  test('when the dependency answers with an error (a domain outcome), then it passes through and does not count', async () => {
    guard = new Guard(settings());
    for (let i = 0; i < 10; i++) {
      await expect(guard.run(() => Promise.reject(new Answer('conflict')), { idempotent: true })).rejects.toBeInstanceOf(Answer);
    }
    expect(guard.state).toBe('closed');
  });

  test('when a call takes longer than the timeout, then it fails as unavailable', async () => {
    guard = new Guard(settings({ timeoutMs: 50 }));
    const slow = () => new Promise((resolve) => setTimeout(resolve, 500).unref());
    await expect(guard.run(slow, { idempotent: false })).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  test('when a dependency that answered a hundred times stops answering, then three calls in a row time out and the breaker opens', async () => {
    guard = new Guard(settings({ timeoutMs: 30, volumeThreshold: 5 }));
    for (let i = 0; i < 100; i++) await guard.run(() => Promise.resolve(i), { idempotent: false });
    let reached = 0;
    const silent = () => (reached++, new Promise<never>(() => undefined));

    for (let i = 0; i < 3; i++) await expect(guard.run(silent, { idempotent: false })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(guard.state).toBe('open');

    // Open: the next call is refused without reaching the dependency, so without waiting for it.
    await expect(guard.run(silent, { idempotent: false })).rejects.toMatchObject({ retryAfterSeconds: 7 });
    expect(reached).toBe(3);
  });

  test('when a call names its own deadline, then that one applies, and its retries stop at it', async () => {
    guard = new Guard(settings({ timeoutMs: 10_000 }));
    let calls = 0;
    const failing = () => (calls++, new Promise<never>((_, reject) => setTimeout(() => reject(new Down('slow failure')), 20)));
    const started = performance.now();

    await expect(guard.run(failing, { idempotent: true, deadlineMs: 50 })).rejects.toBeInstanceOf(DependencyUnavailableError);

    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBeLessThanOrEqual(3);
  });

  test('when a commit is sent just before the deadline, then its outcome is awaited (a write that landed is not reported unavailable); a commit that never answers still ends', async () => {
    guard = new Guard(settings({ retries: 0 }));
    const commitAfter = (ms: number) => (_signal: AbortSignal, committing: () => void) =>
      new Promise<string>((resolve) => {
        setTimeout(() => {
          committing();
          setTimeout(() => resolve('committed'), ms);
        }, 150);
      });

    expect(await guard.run(commitAfter(120), { idempotent: false, deadlineMs: 200 })).toBe('committed');
    const unanswered = guard.run(commitAfter(1_000), { idempotent: false, deadlineMs: 200 });
    await expect(unanswered).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(unanswered).rejects.toMatchObject({ cause: { message: expect.stringContaining('outcome is unknown') } });
  });

  test('when the breaker opens and closes again, then listeners hear each state', async () => {
    guard = new Guard(settings({ resetTimeoutMs: 50 }));
    const states: string[] = [];
    guard.onStateChange((state) => states.push(state));
    for (let i = 0; i < 3; i++) await guard.run(() => Promise.reject(new Down('x')), { idempotent: false }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await guard.run(() => Promise.resolve('trial'), { idempotent: false });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  test('when the breaker opens, then observers are told the failure that opened it, and the log names the dependency and that failure', async () => {
    const told: { state: string; cause?: string }[] = [];
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const record = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message });
    const log = { warn: record('warn'), info: record('info') } as unknown as Logger;
    const observer = observeAll(
      { stateChanged: (_name, state, cause) => told.push({ state, ...(cause ? { cause: cause.message } : {}) }), event: () => undefined },
      breakerLog(log),
    );
    guard = new Guard(settings({ retries: 0, resetTimeoutMs: 50 }), observer);
    for (let i = 0; i < 3; i++)
      await guard.run(() => Promise.reject(new Down(`refused ${i}`)), { idempotent: false }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await guard.run(() => Promise.resolve('trial'), { idempotent: false });
    expect(told).toEqual([{ state: 'closed' }, { state: 'open', cause: 'refused 2' }, { state: 'half-open' }, { state: 'closed' }]);
    // The first "closed" (every breaker starts so) is not logged; the opening is a warning with its cause.
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'thing breaker opened: calls fail fast until a trial call succeeds'],
      ['info', 'thing breaker half-open'],
      ['info', 'thing breaker closed'],
    ]);
    expect(lines[0]!.fields).toMatchObject({ dependency: 'thing', breaker: 'open', err: { message: 'refused 2' } });
  });
});
