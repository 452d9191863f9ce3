import type { Task, TaskType } from '../../domain/task/task.js';

/**
 * The work of one task type. Delivery is at least once, so running it again for the same
 * task must leave things as one run would have.
 */
export interface TaskWork {
  /** Does the work; resolves with the task's result (shown on the task). */
  run(task: Task): Promise<unknown>;
  /**
   * Called once the task is dead, whatever killed it (a permanent failure, the last failed
   * attempt, a worker lost): for what the work must leave in order when it will never run.
   */
  onDead?(task: Task): Promise<void>;
}

/** The work of each task type this process can run. */
export type TaskWorks = Readonly<Partial<Record<TaskType, TaskWork>>>;

/** An attempt failed in a way no retry can fix (an undecodable image): the task is dead at once. */
export class PermanentTaskFailure extends Error {}
