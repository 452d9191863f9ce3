// A unit of asynchronous work with a visible status. A task row is written in the same
// transaction as the change that causes it (the outbox); a relay hands it to the queue, and
// a worker moves it through its attempts: queued -> running -> succeeded, or failed (will
// retry after a backoff) and, when no attempts are left, dead.
import { TaskNotRetryableError } from '../errors.js';

export const TASK_TYPES = ['avatar.process', 'profile.purge', 'profile.import'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** `failed` means "failed, will retry"; `dead` means no attempts are left. */
export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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
  /**
   * Where the request that caused the task was traced (a W3C traceparent), opaque to the core:
   * the worker's spans join that trace. Absent when the request was not traced.
   */
  readonly traceContext?: string;
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

/** Whether nothing more will happen to the task unless someone asks (a retry of a dead one). */
export const isFinished = (task: Task): boolean => task.status === 'succeeded' || task.status === 'dead';

/** One more attempt begins. */
export function startAttempt(task: Task, now: Date): Task {
  return { ...task, status: 'running', attempts: task.attempts + 1, updatedAt: now };
}

export function succeed(task: Task, result: unknown, now: Date): Task {
  return { ...task, status: 'succeeded', result: result ?? null, lastError: null, updatedAt: now };
}

/** The attempt failed: retry after `backoffMs`, or dead when it was the last attempt. */
export function failAttempt(task: Task, error: string, now: Date, backoffMs: number): Task {
  const failed = { ...task, lastError: error.slice(0, 1000), updatedAt: now };
  if (task.attempts >= task.maxAttempts) return { ...failed, status: 'dead' };
  return { ...failed, status: 'failed', runAt: new Date(now.getTime() + backoffMs) };
}

/** A dead task gets a fresh set of attempts (an admin's retry); its last error stays visible. */
export function revive(task: Task, now: Date): Task {
  if (task.status !== 'dead') throw new TaskNotRetryableError(task.id, task.status);
  return { ...task, status: 'queued', attempts: 0, runAt: now, updatedAt: now };
}
