import { TaskNotFoundError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { TaskStatusStore } from '../../domain/ports/task-store.js';
import { revive, type Task } from '../../domain/task/task.js';
import { assertMayRetryTask, mayReadTask } from '../access-policy.js';
import type { Principal } from '../principal.js';

/** An admin gives a dead task a fresh set of attempts; the relay hands it to the queue again. */
export class RetryTask {
  constructor(
    private readonly tasks: TaskStatusStore,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (task === null || !mayReadTask(principal, task)) throw new TaskNotFoundError(id);
    assertMayRetryTask(principal);
    const revived = revive(task, this.clock.now());
    await this.tasks.requeue(revived);
    return revived;
  }
}
