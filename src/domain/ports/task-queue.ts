import type { TaskType } from '../task/task.js';

export interface TaskMessage {
  readonly taskId: string;
  readonly type: TaskType;
  /** The task's trace context (Task.traceContext), carried with the message for the worker's spans. */
  readonly traceContext?: string;
}

/** What the queue does with a delivery once the handler is done with it. */
export type Settlement =
  /** Acknowledge: the message is gone. */
  | { readonly outcome: 'done' }
  /** Deliver it again, no sooner than `delayMs` from now. */
  | { readonly outcome: 'retry'; readonly delayMs: number }
  /** Give up: the message goes to the dead letters. */
  | { readonly outcome: 'dead' };

/** Handles one delivery. A rejection is an accident (a dependency down): the message comes back later. */
export type TaskHandler = (message: TaskMessage) => Promise<Settlement>;

export interface TaskConsumer {
  /** Stops taking new deliveries and waits for the ones in hand to settle. */
  stop(): Promise<void>;
}

/** At-least-once delivery of task messages, optionally delayed. */
export interface TaskQueue {
  /**
   * Whether published messages outlive the process (a broker keeps them). When they do not,
   * whatever was handed to the queue is handed again after a restart (RelayOutbox).
   */
  readonly durable: boolean;
  publish(message: TaskMessage, options?: { readonly delayMs?: number }): Promise<void>;
  consume(handler: TaskHandler): Promise<TaskConsumer>;
}
