import { TaskNotFoundError } from '../../domain/errors.js';
import type { TaskStatusStore } from '../../domain/ports/task-store.js';
import type { Task } from '../../domain/task/task.js';
import { mayReadTask } from '../access-policy.js';
import type { Principal } from '../principal.js';

/** A task's status, for the principal that caused it and for admins; to anyone else it does not exist. */
export class GetTask {
  constructor(private readonly tasks: TaskStatusStore) {}

  async execute(principal: Principal, id: string): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (task === null || !mayReadTask(principal, task)) throw new TaskNotFoundError(id);
    return task;
  }
}
