// The whole task machinery (outbox, relay, queue, runner) with works of the test's own:
// retries with backoff, dead letters, an admin's retry. Run on the in-memory adapters and
// on PostgreSQL with RabbitMQ.
import { principal } from '../../src/application/principal.js';
import { RelayOutbox } from '../../src/application/tasks/relay-outbox.js';
import { RetryTask } from '../../src/application/tasks/retry-task.js';
import { RunTask } from '../../src/application/tasks/run-task.js';
import type { TaskWork } from '../../src/application/tasks/task-work.js';
import { startWorkers, type Workers } from '../../src/bootstrap/workers.js';
import { createLogger } from '../../src/adapters/observability/logger.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import type { TaskMessage, TaskQueue } from '../../src/domain/ports/task-queue.js';
import type { TaskStore } from '../../src/domain/ports/task-store.js';
import type { UnitOfWork } from '../../src/domain/ports/unit-of-work.js';
import { newTask, type Task } from '../../src/domain/task/task.js';
import { eventually } from '../support/eventually.js';

export interface PipelineFixture {
  readonly uow: UnitOfWork;
  readonly tasks: TaskStore;
  readonly queue: TaskQueue;
  deadLetters(): Promise<TaskMessage[]>;
}

const BACKOFF_BASE_MS = 100;
let n = 0;
const taskId = () => `00000000-0000-4000-9000-${String(Date.now() % 1e6).padStart(6, '0')}${String(++n).padStart(6, '0')}`;

export function taskPipelineScenarios(name: string, makeFixture: () => Promise<PipelineFixture>): void {
  describe(`the task pipeline: ${name}`, () => {
    let workers: Workers | undefined;
    afterEach(async () => {
      await workers?.stop();
      workers = undefined;
    });

    async function run(fixture: PipelineFixture, work: TaskWork, maxAttempts: number): Promise<Task> {
      const clock = new SystemClock();
      const runTask = new RunTask(fixture.tasks, { 'profile.purge': work }, clock, { leaseMs: 5000, backoff: { baseMs: BACKOFF_BASE_MS, maxMs: 10_000 } });
      const relay = new RelayOutbox(fixture.uow, fixture.queue, clock, { batchSize: 50, horizonMs: 60_000 });
      workers = await startWorkers({ queue: fixture.queue, relay, runTask, relayIntervalMs: 20, consume: true, log: createLogger({ name: 'pipeline', level: 'fatal' }) });
      const task = newTask({ id: taskId(), type: 'profile.purge', payload: {}, requestedBy: 'tester', now: clock.now(), maxAttempts });
      await fixture.uow.run(({ tasks }) => tasks.add(task));
      return task;
    }

    const finished = (fixture: PipelineFixture, id: string) =>
      eventually(async () => {
        const t = await fixture.tasks.findById(id);
        return t?.status === 'succeeded' || t?.status === 'dead' ? t : undefined;
      }, 15_000, `task ${id} finishing`);

    test('when the work fails twice and then succeeds, then the task succeeds on attempt 3, with growing backoff between attempts', async () => {
      const fixture = await makeFixture();
      const attempts: number[] = [];
      const task = await run(fixture, {
        run: () => (attempts.push(Date.now()) <= 2 ? Promise.reject(new Error('flaky')) : Promise.resolve({ ok: true })),
      }, 5);

      const done = await finished(fixture, task.id);

      expect(done).toMatchObject({ status: 'succeeded', attempts: 3, result: { ok: true }, lastError: null });
      const [first, second, third] = attempts;
      // Jitter keeps each wait within [50%, 100%] of base * 2^(attempt-1).
      expect(second! - first!).toBeGreaterThanOrEqual(BACKOFF_BASE_MS * 0.5);
      expect(third! - second!).toBeGreaterThanOrEqual(BACKOFF_BASE_MS);
    });

    test('when the work always fails, then the task is dead after its max attempts and its message dead-lettered; an admin retry runs it again', async () => {
      const fixture = await makeFixture();
      let healed = false;
      let calls = 0;
      const task = await run(fixture, { run: () => (calls++, healed ? Promise.resolve('healed') : Promise.reject(new Error('always broken'))) }, 3);

      const dead = await finished(fixture, task.id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
      expect(dead.lastError).toMatch(/^Unexpected error/);
      expect(calls).toBe(3);
      expect((await eventually(async () => {
        const letters = await fixture.deadLetters();
        return letters.length > 0 ? letters : undefined;
      })).map((m) => m.taskId)).toEqual([task.id]);

      healed = true;
      await new RetryTask(fixture.tasks, new SystemClock()).execute(principal('ops', ['admin']), task.id);

      expect(await finished(fixture, task.id)).toMatchObject({ status: 'succeeded', attempts: 1, result: 'healed' });
      expect(calls).toBe(4);
    });
  });
}
