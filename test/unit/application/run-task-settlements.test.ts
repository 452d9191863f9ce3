// What a worker tells the queue about each delivery, and what the task shows afterwards: done,
// retried after a backoff, dead-lettered, or looked at again when another worker holds it.
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryTaskStore } from '../../../src/adapters/memory/memory-task-store.js';
import { RunTask, type TaskObserver } from '../../../src/application/tasks/run-task.js';
import { PermanentTaskFailure, type TaskWork } from '../../../src/application/tasks/task-work.js';
import { ValidationError } from '../../../src/domain/errors.js';
import { type Task } from '../../../src/domain/task/task.js';
import { ManualClock } from '../../support/manual-clock.js';
import { aTask } from '../../support/task-builder.js';

const LEASE_MS = 9000;
const BACKOFF = { baseMs: 1000, maxMs: 60_000 };

function setUp(work: TaskWork['run'], options: { maxAttempts?: number; onDead?: TaskWork['onDead'] } = {}) {
  const clock = new ManualClock();
  const tasks = new MemoryTaskStore(new MemoryDatabase());
  const heard: string[] = [];
  const observer: TaskObserver = {
    settled: (task, seconds) => heard.push(`settled ${task.status} ${seconds >= 0 && seconds < 5 ? 'in time' : `after ${seconds}`}`),
    unexpected: (_task, error) => heard.push(`unexpected ${(error as Error).message}`),
    unrecorded: () => heard.push('unrecorded'),
  };
  const works = { 'profile.import': { run: work, ...(options.onDead ? { onDead: options.onDead } : {}) } };
  // random() = 1: the full backoff, so delays can be told exactly.
  const runTask = new RunTask(tasks, works, clock, { leaseMs: LEASE_MS, backoff: BACKOFF }, observer, () => 1);
  const add = async (overrides: Partial<Task> = {}) => {
    const task = aTask({ now: clock.now(), maxAttempts: options.maxAttempts ?? 3 }, overrides);
    await tasks.add(task);
    return task;
  };
  const deliver = (task: Task) => runTask.execute({ taskId: task.id, type: task.type });
  const stored = async (task: Task) => (await tasks.findById(task.id))!;
  return { clock, tasks, heard, add, deliver, stored, runTask };
}

test('when the work succeeds, then done, and the task holds its result', async () => {
  const t = setUp(() => Promise.resolve({ created: 2 }));
  const task = await t.add();
  expect(await t.deliver(task)).toEqual({ outcome: 'done' });
  expect(await t.stored(task)).toMatchObject({ status: 'succeeded', attempts: 1, result: { created: 2 }, lastError: null });
  expect(t.heard).toEqual(['settled succeeded in time']);
});

test('when the work fails for a reason the domain names, then retried after the backoff, and the task says why', async () => {
  const t = setUp(() => Promise.reject(new ValidationError([{ pointer: '/x', message: 'is wrong' }])));
  const task = await t.add();
  expect(await t.deliver(task)).toEqual({ outcome: 'retry', delayMs: 1000 });
  expect(await t.stored(task)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('is wrong') });
  expect(t.heard).toEqual(['settled failed in time']);
});

test('when the work fails unexpectedly, then the observer hears the error, and the task points to the log, not to the error', async () => {
  const t = setUp(() => Promise.reject(new Error('socket hang up at 10.0.0.3')));
  const task = await t.add();
  await t.deliver(task);
  expect(t.heard).toEqual(['unexpected socket hang up at 10.0.0.3', 'settled failed in time']);
  expect((await t.stored(task)).lastError).toBe(`Unexpected error; the service log has the details under task ${task.id}.`);
});

test('when the last attempt fails, then dead-lettered, the task is dead, and its work hears of it first', async () => {
  const deadOnes: string[] = [];
  const t = setUp(() => Promise.reject(new Error('still broken')), {
    maxAttempts: 2,
    onDead: (task) => Promise.resolve(void deadOnes.push(task.id)),
  });
  const task = await t.add();
  expect(await t.deliver(task)).toEqual({ outcome: 'retry', delayMs: 1000 });
  t.clock.advance(1000);
  expect(await t.deliver(task)).toEqual({ outcome: 'dead' });
  expect(await t.stored(task)).toMatchObject({ status: 'dead', attempts: 2 });
  expect(deadOnes).toEqual([task.id]);
});

test('when the work says the failure is permanent, then dead at once, whatever attempts are left', async () => {
  const t = setUp(() => Promise.reject(new PermanentTaskFailure('The import file is no longer stored.')), { maxAttempts: 5 });
  const task = await t.add();
  expect(await t.deliver(task)).toEqual({ outcome: 'dead' });
  expect(await t.stored(task)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'The import file is no longer stored.' });
});

test('when the backoff grows, then each retry waits twice as long', async () => {
  const t = setUp(() => Promise.reject(new ValidationError([])), { maxAttempts: 4 });
  const task = await t.add();
  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    const settlement = await t.deliver(task);
    if (settlement.outcome !== 'retry') throw new Error(`expected a retry, got ${settlement.outcome}`);
    delays.push(settlement.delayMs);
    t.clock.advance(settlement.delayMs);
  }
  expect(delays).toEqual([1000, 2000, 4000]);
});

test('when a delivery comes before the task is due, then it is sent back until then, untouched', async () => {
  const t = setUp(() => Promise.resolve(null));
  const task = await t.add({ runAt: new Date(t.clock.now().getTime() + 5000) });
  expect(await t.deliver(task)).toEqual({ outcome: 'retry', delayMs: 5000 });
  expect((await t.stored(task)).attempts).toBe(0);
});

test('when the task is finished or unknown, then the delivery is simply done', async () => {
  const t = setUp(() => Promise.resolve(null));
  const task = await t.add();
  await t.deliver(task);
  expect(await t.deliver(task)).toEqual({ outcome: 'done' });
  expect(await t.runTask.execute({ taskId: 'no-such-task', type: 'profile.import' })).toEqual({ outcome: 'done' });
  expect((await t.stored(task)).attempts).toBe(1);
});

test('when another worker holds the lease, then the delivery comes back just after that lease lapses', async () => {
  const t = setUp(() => Promise.resolve(null));
  const task = await t.add();
  await t.tasks.claim(task.id, t.clock.now(), LEASE_MS);
  t.clock.advance(2000);
  expect(await t.deliver(task)).toEqual({ outcome: 'retry', delayMs: LEASE_MS - 2000 + 250 });
  expect((await t.stored(task)).attempts).toBe(1);
});

test('when the lease of a lost worker lapsed on its last attempt, then the task is dead, saying the worker was lost', async () => {
  const t = setUp(() => Promise.resolve(null), { maxAttempts: 1 });
  const task = await t.add();
  await t.tasks.claim(task.id, t.clock.now(), LEASE_MS);
  t.clock.advance(LEASE_MS + 1);
  expect(await t.deliver(task)).toEqual({ outcome: 'dead' });
  expect(await t.stored(task)).toMatchObject({ status: 'dead', lastError: 'The worker running the last attempt was lost.' });
});

test('when a task of a type this service has no work for arrives, then it is dead, saying so', async () => {
  const t = setUp(() => Promise.resolve(null));
  const task = await t.add({ type: 'avatar.process' });
  expect(await t.deliver(task)).toEqual({ outcome: 'dead' });
  expect((await t.stored(task)).lastError).toBe('This service has no work for tasks of type avatar.process.');
});
