// The whole task machinery (outbox, relay, queue, runner) with works of the test's own:
// retries with backoff, dead letters, an admin's retry. Run on the in-memory adapters and
// on PostgreSQL with RabbitMQ.
import { principal } from '../../src/application/principal.js';
import { RelayOutbox } from '../../src/application/tasks/relay-outbox.js';
import { RetryTask } from '../../src/application/tasks/retry-task.js';
import { RunTask } from '../../src/application/tasks/run-task.js';
import type { TaskWork } from '../../src/application/tasks/task-work.js';
import { startWorkers, type Workers } from '../../src/adapters/worker/workers.js';
import { createLogger } from '../../src/adapters/observability/logger.js';
import { SystemClock } from '../../src/adapters/node/system-clock.js';
import type { TaskMessage, TaskQueue } from '../../src/domain/ports/task-queue.js';
import type { TaskStore } from '../../src/domain/ports/task-store.js';
import type { UnitOfWork } from '../../src/domain/ports/unit-of-work.js';
import { type Task } from '../../src/domain/task/task.js';
import { eventually } from '../support/eventually.js';
import { aTask } from '../support/task-builder.js';

export interface PipelineFixture {
  readonly uow: UnitOfWork;
  readonly tasks: TaskStore;
  readonly queue: TaskQueue;
  deadLetters(): Promise<TaskMessage[]>;
  /**
   * The process dies without warning (SIGKILL) and a new one starts on the same database: what
   * its queue held is kept or lost as the technology keeps it (a broker keeps it; an in-process
   * queue loses it). Returns the new process's queue.
   */
  restart(): Promise<TaskQueue>;
}

const BACKOFF_BASE_MS = 100;

/** A task store that stops answering at `kill()`, as the store of a process killed with SIGKILL does. */
function killable(tasks: TaskStore): { store: TaskStore; kill(): void } {
  let killed = false;
  const store = new Proxy(tasks, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        killed ? Promise.reject(new Error('the process was killed')) : (member as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, kill: () => (killed = true) };
}

export function taskPipelineScenarios(name: string, makeFixture: () => Promise<PipelineFixture>): void {
  describe(`the task pipeline: ${name}`, () => {
    let workers: Workers | undefined;
    afterEach(async () => {
      await workers?.stop();
      workers = undefined;
    });

    /** Starts a process's workers on `queue`: the relay, and the consumer unless `consume` is false. */
    async function startProcess(
      fixture: PipelineFixture,
      queue: TaskQueue,
      work: TaskWork,
      options: { consume?: boolean; leaseMs?: number } = {},
    ) {
      const clock = new SystemClock();
      const runTask = new RunTask(fixture.tasks, { 'profile.purge': work }, clock, {
        leaseMs: options.leaseMs ?? 5000,
        backoff: { baseMs: BACKOFF_BASE_MS, maxMs: 10_000 },
      });
      const relay = new RelayOutbox(fixture.uow, queue, clock, {
        batchSize: 50,
        horizonMs: 60_000,
        republishAfterMs: 60_000,
        strandedCheckMs: 1000,
      });
      return startWorkers({
        queue,
        relay,
        runTask,
        relayIntervalMs: 20,
        consume: options.consume ?? true,
        log: createLogger({ name: 'pipeline', level: 'fatal' }),
      });
    }

    async function accept(fixture: PipelineFixture, options: { maxAttempts?: number; delayMs?: number } = {}): Promise<Task> {
      const now = new Date();
      const task = aTask({
        type: 'profile.purge',
        requestedBy: 'tester',
        now,
        maxAttempts: options.maxAttempts ?? 5,
        runAt: new Date(now.getTime() + (options.delayMs ?? 0)),
      });
      await fixture.uow.run(({ tasks }) => tasks.add(task));
      return task;
    }

    async function run(fixture: PipelineFixture, work: TaskWork, maxAttempts: number): Promise<Task> {
      workers = await startProcess(fixture, fixture.queue, work);
      return accept(fixture, { maxAttempts });
    }

    const handedToQueue = (fixture: PipelineFixture) =>
      eventually(
        async () => ((await fixture.tasks.countUnpublished()) === 0 ? true : undefined),
        10_000,
        'the relay handing the task over',
      );

    const finished = (fixture: PipelineFixture, id: string) =>
      eventually(
        async () => {
          const t = await fixture.tasks.findById(id);
          return t?.status === 'succeeded' || t?.status === 'dead' ? t : undefined;
        },
        15_000,
        `task ${id} finishing`,
      );

    test('when the work fails twice and then succeeds, then the task succeeds on attempt 3, with growing backoff between attempts', async () => {
      const fixture = await makeFixture();
      const attempts: number[] = [];
      const task = await run(
        fixture,
        {
          run: () => (attempts.push(Date.now()) <= 2 ? Promise.reject(new Error('flaky')) : Promise.resolve({ ok: true })),
        },
        5,
      );

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
      const task = await run(
        fixture,
        { run: () => (calls++, healed ? Promise.resolve('healed') : Promise.reject(new Error('always broken'))) },
        3,
      );

      const dead = await finished(fixture, task.id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
      expect(dead.lastError).toMatch(/^Unexpected error/);
      expect(calls).toBe(3);
      expect(
        (
          await eventually(async () => {
            const letters = await fixture.deadLetters();
            return letters.length > 0 ? letters : undefined;
          })
        ).map((m) => m.taskId),
      ).toEqual([task.id]);

      healed = true;
      await new RetryTask(fixture.tasks, new SystemClock()).execute(principal('ops', ['admin']), task.id);

      expect(await finished(fixture, task.id)).toMatchObject({ status: 'succeeded', attempts: 1, result: 'healed' });
      expect(calls).toBe(4);
    });

    describe('when the process is killed and another starts on the same database', () => {
      test('when a task was handed to the queue but not yet taken, then the next process runs it, once', async () => {
        const fixture = await makeFixture();
        let runs = 0;
        const work: TaskWork = { run: () => Promise.resolve(++runs) };
        const first = await startProcess(fixture, fixture.queue, work, { consume: false });
        const task = await accept(fixture);
        await handedToQueue(fixture);
        await first.stop();

        const queue = await fixture.restart();
        workers = await startProcess(fixture, queue, work);

        expect(await finished(fixture, task.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
        expect(runs).toBe(1);
      });

      test('when a delayed task was waiting in the queue, then the next process runs it when it is due', async () => {
        const fixture = await makeFixture();
        let ranAt = 0;
        const work: TaskWork = { run: () => Promise.resolve((ranAt = Date.now())) };
        const first = await startProcess(fixture, fixture.queue, work, { consume: false });
        const task = await accept(fixture, { delayMs: 500 });
        await handedToQueue(fixture);
        await first.stop();

        const queue = await fixture.restart();
        workers = await startProcess(fixture, queue, work);

        expect(await finished(fixture, task.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
        expect(ranAt).toBeGreaterThanOrEqual(task.runAt.getTime());
      });

      test('when a task was running, then the next process runs it again once its lease lapses, and the late first run cannot settle it', async () => {
        const fixture = await makeFixture();
        let release!: () => void;
        const stuck = new Promise<void>((resolve) => (release = resolve));
        let started = 0;
        // The first attempt is in hand when its process dies; the second completes.
        const work: TaskWork = { run: () => (++started === 1 ? stuck.then(() => 'late') : Promise.resolve('second')) };
        const dying = killable(fixture.tasks);
        const first = await startProcess({ ...fixture, tasks: dying.store }, fixture.queue, work, { leaseMs: 300 });
        const task = await accept(fixture);
        await eventually(async () => ((await fixture.tasks.findById(task.id))?.status === 'running' ? true : undefined));
        // From here the first process renews nothing and records nothing, as a killed one would.
        dying.kill();
        const firstStopped = first.stop();

        const queue = await fixture.restart();
        workers = await startProcess(fixture, queue, work, { leaseMs: 300 });

        expect(await finished(fixture, task.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: 'second' });
        release();
        await firstStopped;
        expect(await fixture.tasks.findById(task.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: 'second' });
        // A lease to lapse and a round through the queue's delays: more than jest's default on a busy machine.
      }, 20_000);
    });
  });
}
