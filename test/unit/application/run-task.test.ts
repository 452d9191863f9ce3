// RunTask when the task store refuses to record an outcome: the failure is reported (for the
// log) and the delivery fails, so the queue brings it back instead of the task hanging silently.
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryTaskStore } from '../../../src/adapters/memory/memory-task-store.js';
import { RunTask, type TaskObserver } from '../../../src/application/tasks/run-task.js';
import type { TaskLease } from '../../../src/domain/ports/task-store.js';
import { type Task } from '../../../src/domain/task/task.js';
import { ManualClock } from '../../support/manual-clock.js';
import { aTask } from '../../support/task-builder.js';

class RefusingStore extends MemoryTaskStore {
  override settle(_lease: TaskLease, _outcome: Task): Promise<boolean> {
    return Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00'));
  }
}

test('when the outcome of an attempt cannot be recorded, then the observer hears of it and the delivery fails', async () => {
  const clock = new ManualClock();
  const tasks = new RefusingStore(new MemoryDatabase());
  const unrecorded: [string, unknown][] = [];
  const observer: TaskObserver = {
    settled: () => undefined,
    unexpected: () => undefined,
    unrecorded: (task, error) => unrecorded.push([task.status, error]),
  };
  const runTask = new RunTask(
    tasks,
    { 'profile.import': { run: () => Promise.resolve({ created: 1 }) } },
    clock,
    {
      leaseMs: 1000,
      backoff: { baseMs: 10, maxMs: 10 },
    },
    observer,
  );
  const task = aTask({ requestedBy: 'admin', now: clock.now() });
  await tasks.add(task);

  await expect(runTask.execute({ taskId: task.id, type: task.type })).rejects.toThrow('0x00');

  expect(unrecorded).toEqual([['succeeded', expect.objectContaining({ message: expect.stringContaining('0x00') })]]);
});
