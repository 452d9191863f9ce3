// What a worker does with one delivery: find the task, take its attempt under a lease, run
// its work, record the outcome, and tell the queue to forget the message, bring it back
// after a backoff, or dead-letter it.
import { DomainError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { Settlement, TaskMessage } from '../../domain/ports/task-queue.js';
import type { TaskLease, TaskLeases } from '../../domain/ports/task-store.js';
import { backoffDelayMs, type BackoffPolicy } from '../../domain/task/backoff.js';
import { failAttempt, isFinished, succeed, type Task } from '../../domain/task/task.js';
import { PermanentTaskFailure, type TaskWorks } from './task-work.js';

export interface RunTaskSettings {
  /** How long an attempt may run without renewing its lease; a lapsed lease lets another worker take over. */
  readonly leaseMs: number;
  readonly backoff: BackoffPolicy;
}

/** Hooks for metrics and logs; the core knows neither. */
export interface TaskObserver {
  settled(task: Task, seconds: number): void;
  /** An attempt failed with an error that is not a domain outcome: worth a log line with its stack. */
  unexpected(task: Task, error: unknown): void;
  /** The outcome of an attempt could not be recorded; the delivery will come back. */
  unrecorded(task: Task, error: unknown): void;
}

const DONE: Settlement = { outcome: 'done' };
/** Looked at this long after a lease's end, the lease has surely lapsed. */
const LEASE_MARGIN_MS = 250;

export class RunTask {
  constructor(
    private readonly tasks: TaskLeases,
    private readonly works: TaskWorks,
    private readonly clock: Clock,
    private readonly settings: RunTaskSettings,
    private readonly observer?: TaskObserver,
    private readonly random: () => number = Math.random,
  ) {}

  async execute(message: TaskMessage): Promise<Settlement> {
    const task = await this.tasks.findById(message.taskId);
    if (task === null || isFinished(task)) return DONE;
    const now = this.clock.now();
    const wait = task.runAt.getTime() - now.getTime();
    if (wait > 0 && task.status !== 'running') return { outcome: 'retry', delayMs: wait };
    const lease = await this.tasks.claim(task.id, now, this.settings.leaseMs);
    if (lease === null) {
      // Another worker holds it: look again just after its lease lapses, which it does only if that worker died.
      const lapses = await this.tasks.leaseExpiry(task.id);
      return {
        outcome: 'retry',
        delayMs: lapses === null ? this.settings.leaseMs : Math.max(0, lapses.getTime() - now.getTime()) + LEASE_MARGIN_MS,
      };
    }
    return this.attempt(lease);
  }

  private async attempt(lease: TaskLease): Promise<Settlement> {
    const started = performance.now();
    const outcome =
      lease.task.attempts > lease.task.maxAttempts
        ? failAttempt(lease.task, 'The worker running the last attempt was lost.', this.clock.now(), 0)
        : await this.runWork(lease);
    // Before the task is settled: if this fails, the delivery comes back and it is tried again.
    if (outcome.status === 'dead') await this.works[outcome.type]?.onDead?.(outcome);
    // A lost lease means another worker took over; its outcome is the one that counts.
    if (!(await this.record(lease, outcome))) return DONE;
    this.observer?.settled(outcome, (performance.now() - started) / 1000);
    if (outcome.status === 'failed') return { outcome: 'retry', delayMs: outcome.runAt.getTime() - outcome.updatedAt.getTime() };
    return outcome.status === 'dead' ? { outcome: 'dead' } : DONE;
  }

  private async record(lease: TaskLease, outcome: Task): Promise<boolean> {
    try {
      return await this.tasks.settle(lease, outcome);
    } catch (error) {
      this.observer?.unrecorded(outcome, error);
      throw error;
    }
  }

  private async runWork(lease: TaskLease): Promise<Task> {
    const { task } = lease;
    const renewal = setInterval(() => {
      void this.tasks.renew(lease, new Date(this.clock.now().getTime() + this.settings.leaseMs)).catch(() => undefined);
    }, this.settings.leaseMs / 3);
    try {
      const work = this.works[task.type];
      if (!work) throw new PermanentTaskFailure(`This service has no work for tasks of type ${task.type}.`);
      return succeed(task, await work.run(task), this.clock.now());
    } catch (error) {
      const failed = failAttempt(
        task,
        this.describe(task, error),
        this.clock.now(),
        backoffDelayMs(this.settings.backoff, task.attempts, this.random()),
      );
      return error instanceof PermanentTaskFailure ? { ...failed, status: 'dead' } : failed;
    } finally {
      clearInterval(renewal);
    }
  }

  /** The error as the task shows it: expected failures say why; anything else points to the logs. */
  private describe(task: Task, error: unknown): string {
    if (error instanceof PermanentTaskFailure || error instanceof DomainError) return error.message;
    this.observer?.unexpected(task, error);
    return `Unexpected error; the service log has the details under task ${task.id}.`;
  }
}
