import type { Task } from '../task/task.js';

/** Tasks and their status; also the outbox that the queue relay reads. */
export interface TaskStore {
  add(task: Task): Promise<void>;
  findById(id: string): Promise<Task | null>;
  /** Replaces a stored task (status, attempts, result...). */
  update(task: Task): Promise<void>;
}

export const TASK_STORE = Symbol.for('TaskStore');
