import type { TaskType } from '../task/task.js';

export interface TaskMessage {
  readonly taskId: string;
  readonly type: TaskType;
}

/** Settles a delivery: resolve to acknowledge it; reject and it is delivered again later. */
export type TaskHandler = (message: TaskMessage) => Promise<void>;

export interface TaskConsumer {
  /** Stops taking new deliveries and waits for the ones in hand to settle. */
  stop(): Promise<void>;
}

/** At-least-once delivery of task messages, optionally delayed. */
export interface TaskQueue {
  publish(message: TaskMessage, options?: { readonly delayMs?: number }): Promise<void>;
  consume(handler: TaskHandler): Promise<TaskConsumer>;
}

export const TASK_QUEUE = Symbol.for('TaskQueue');
