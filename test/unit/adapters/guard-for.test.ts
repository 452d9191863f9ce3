// Each dependency's guard, as guardFor makes it from the design's numbers (tunables.ts) and the
// deployment's deadline: what a caller sees when the dependency fails or hangs.
import { DependencyUnavailableError } from '../../../src/domain/errors.js';
import { guardFor } from '../../../src/adapters/resilience/guard-for.js';
import { CACHE_GUARD, DATABASE_GUARD, QUEUE_GUARD } from '../../../src/adapters/settings/tunables.js';

const down = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** How many times the guard called the operation, and how the call ended. */
async function attemptsOf(guard: ReturnType<typeof guardFor>, fail: () => Error, idempotent: boolean) {
  let attempts = 0;
  const outcome = await guard.run(() => (attempts++, Promise.reject(fail())), { idempotent }).catch((error: unknown) => error);
  guard.shutdown();
  return { attempts, outcome };
}

test('a database read is tried again on a dependency failure; a write never is', async () => {
  const settings = { timeoutMs: 1000, resetTimeoutMs: 2500 };
  expect((await attemptsOf(guardFor('database', settings), down, true)).attempts).toBe(1 + DATABASE_GUARD.readRetries);
  expect((await attemptsOf(guardFor('database', settings), down, false)).attempts).toBe(1);
});

test('an answer of a healthy database is not retried, and comes back as it was', async () => {
  const unique = () => Object.assign(new Error('duplicate key'), { code: '23505' });
  const guard = guardFor('database', {
    timeoutMs: 1000,
    resetTimeoutMs: 2500,
    isDependencyFailure: (error) => (error as { code?: string }).code !== '23505',
  });
  const { attempts, outcome } = await attemptsOf(guard, unique, true);
  expect(attempts).toBe(1);
  expect(outcome).toMatchObject({ code: '23505' });
});

test("a refusal's Retry-After follows the breaker's reset time", async () => {
  const { outcome } = await attemptsOf(guardFor('database', { timeoutMs: 1000, resetTimeoutMs: 2500 }), down, false);
  expect(outcome).toBeInstanceOf(DependencyUnavailableError);
  expect((outcome as DependencyUnavailableError).retryAfterSeconds).toBe(3);
  const queue = await attemptsOf(guardFor('queue', { timeoutMs: 1000 }), down, true);
  expect((queue.outcome as DependencyUnavailableError).retryAfterSeconds).toBe(Math.ceil(QUEUE_GUARD.resetTimeoutMs / 1000));
});

test('the cache, the queue and a replica are asked once', async () => {
  for (const guard of [
    guardFor('cache', { timeoutMs: 100 }),
    guardFor('queue', { timeoutMs: 100 }),
    guardFor('database-replica', { name: 'database-replica-1', timeoutMs: 100, resetTimeoutMs: 1000 }),
  ]) {
    expect((await attemptsOf(guard, down, true)).attempts).toBe(1);
  }
});

test("the cache's deadline sits just above the Redis client's own command timeout", async () => {
  const guard = guardFor('cache', { timeoutMs: 100 });
  const started = performance.now();
  const outcome = await guard.run(() => new Promise(() => undefined), { idempotent: true }).catch((error: unknown) => error);
  const waitedMs = performance.now() - started;
  guard.shutdown();
  expect(outcome).toBeInstanceOf(DependencyUnavailableError);
  expect(waitedMs).toBeGreaterThanOrEqual(100 + CACHE_GUARD.deadlineSlackMs - 5);
});

test('the database guard needs its reset time (DB_BREAKER_RESET)', () => {
  expect(() => guardFor('database', { timeoutMs: 1000 })).toThrow(/reset time/);
  const replica = guardFor('database-replica', { name: 'database-replica-2', timeoutMs: 1000, resetTimeoutMs: 1000 });
  replica.shutdown();
  expect(replica.name).toBe('database-replica-2');
});
