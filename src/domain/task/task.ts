// A unit of asynchronous work with a visible status. A task row is written in the same
// transaction as the change that causes it (the outbox); a relay hands it to the queue.

export const TASK_TYPES = ['avatar.process', 'profile.purge', 'profile.import'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** `failed` means "failed, will retry"; `dead` means no attempts are left. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead';

export interface Task {
  readonly id: string;
  readonly type: TaskType;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: TaskStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Not to run before this moment (delayed tasks, backoff between attempts). */
  readonly runAt: Date;
  readonly lastError: string | null;
  readonly result: unknown;
  /** The principal subject that caused the task; it may read the task's status. */
  readonly requestedBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewTask {
  id: string;
  type: TaskType;
  payload: Record<string, unknown>;
  requestedBy: string;
  now: Date;
  runAt?: Date;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

export function newTask(t: NewTask): Task {
  return {
    id: t.id,
    type: t.type,
    payload: t.payload,
    status: 'queued',
    attempts: 0,
    maxAttempts: t.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    runAt: t.runAt ?? t.now,
    lastError: null,
    result: null,
    requestedBy: t.requestedBy,
    createdAt: t.now,
    updatedAt: t.now,
  };
}
