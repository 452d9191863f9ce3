// Tasks in process memory, with the SQL store's semantics: an outbox set, leases per attempt,
// inputs beside the tasks. Writes inside a unit of work record how to undo themselves.
import { randomUUID } from 'node:crypto';
import type { TaskLease, TaskStore } from '../../domain/ports/task-store.js';
import { isFinished, startAttempt, type Task } from '../../domain/task/task.js';
import { activeTraceparent } from '../observability/trace-context.js';
import type { Journal, MemoryDatabase } from './memory-database.js';

export class MemoryTaskStore implements TaskStore {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly journal?: Journal,
  ) {}

  add(task: Task, input?: Uint8Array): Promise<void> {
    if (this.db.tasks.has(task.id)) return Promise.reject(new Error(`Task ${task.id} exists already.`));
    // The request being traced now is the one that caused the task.
    const traceContext = task.traceContext ?? activeTraceparent();
    this.write(traceContext === undefined ? task : { ...task, traceContext });
    this.change(this.db.unpublished, task.id, true);
    if (input) {
      this.db.taskInputs.set(task.id, input);
      this.journal?.record(() => this.db.taskInputs.delete(task.id));
    }
    return Promise.resolve();
  }

  findById(id: string): Promise<Task | null> {
    return Promise.resolve(this.db.tasks.get(id) ?? null);
  }

  input(id: string): Promise<Uint8Array | null> {
    return Promise.resolve(this.db.taskInputs.get(id) ?? null);
  }

  claim(id: string, now: Date, leaseMs: number): Promise<TaskLease | null> {
    const task = this.db.tasks.get(id);
    const lease = this.db.leases.get(id);
    const claimable =
      task !== undefined &&
      (task.status === 'queued' || task.status === 'failed' || (task.status === 'running' && (lease?.until ?? 0) < now.getTime()));
    if (!claimable) return Promise.resolve(null);
    const running = startAttempt(task, now);
    const token = randomUUID();
    this.write(running);
    this.db.leases.set(id, { token, until: now.getTime() + leaseMs });
    return Promise.resolve({ task: running, token });
  }

  leaseExpiry(id: string): Promise<Date | null> {
    const held = this.db.leases.get(id);
    return Promise.resolve(held ? new Date(held.until) : null);
  }

  renew(lease: TaskLease, until: Date): Promise<boolean> {
    const held = this.db.leases.get(lease.task.id);
    if (held?.token !== lease.token) return Promise.resolve(false);
    held.until = until.getTime();
    return Promise.resolve(true);
  }

  settle(lease: TaskLease, outcome: Task): Promise<boolean> {
    if (this.db.leases.get(outcome.id)?.token !== lease.token) return Promise.resolve(false);
    this.db.leases.delete(outcome.id);
    this.write(outcome);
    if (outcome.status === 'succeeded') this.db.taskInputs.delete(outcome.id);
    return Promise.resolve(true);
  }

  requeue(task: Task): Promise<void> {
    this.db.leases.delete(task.id);
    this.write(task);
    this.change(this.db.unpublished, task.id, true);
    return Promise.resolve();
  }

  takeUnpublished(horizon: Date, limit: number): Promise<Task[]> {
    const due = [...this.db.unpublished]
      .map((id) => this.db.tasks.get(id)!)
      .filter((t) => t.runAt.getTime() <= horizon.getTime())
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    return Promise.resolve(due.slice(0, limit));
  }

  markPublished(ids: readonly string[], now: Date): Promise<void> {
    for (const id of ids) {
      this.change(this.db.unpublished, id, false);
      const before = this.db.publishedAt.get(id);
      this.db.publishedAt.set(id, now.getTime());
      this.journal?.record(() => (before === undefined ? this.db.publishedAt.delete(id) : this.db.publishedAt.set(id, before)));
    }
    return Promise.resolve();
  }

  returnStranded(since: Date): Promise<number> {
    const limit = since.getTime();
    let returned = 0;
    for (const task of this.db.tasks.values()) {
      const publishedAt = this.db.publishedAt.get(task.id);
      if (isFinished(task) || this.db.unpublished.has(task.id) || publishedAt === undefined) continue;
      // Neither handed over, nor due (or leased, for an attempt under way), since the limit.
      const lastSign = task.status === 'running' ? (this.db.leases.get(task.id)?.until ?? 0) : task.runAt.getTime();
      if (Math.max(publishedAt, lastSign) >= limit) continue;
      this.change(this.db.unpublished, task.id, true);
      returned++;
    }
    return Promise.resolve(returned);
  }

  returnToOutbox(): Promise<number> {
    let returned = 0;
    for (const task of this.db.tasks.values()) {
      if (isFinished(task) || this.db.unpublished.has(task.id)) continue;
      this.change(this.db.unpublished, task.id, true);
      returned++;
    }
    return Promise.resolve(returned);
  }

  countUnpublished(): Promise<number> {
    return Promise.resolve(this.db.unpublished.size);
  }

  oldestDue(now: Date): Promise<Date | null> {
    const due = [...this.db.unpublished].map((id) => this.db.tasks.get(id)!.runAt.getTime()).filter((at) => at <= now.getTime());
    return Promise.resolve(due.length === 0 ? null : new Date(Math.min(...due)));
  }

  private write(task: Task): void {
    const previous = this.db.tasks.get(task.id);
    this.db.tasks.set(task.id, task);
    this.journal?.record(() => (previous ? this.db.tasks.set(task.id, previous) : this.db.tasks.delete(task.id)));
  }

  private change(set: Set<string>, id: string, member: boolean): void {
    const was = set.has(id);
    if (member) set.add(id);
    else set.delete(id);
    this.journal?.record(() => (was ? set.add(id) : set.delete(id)));
  }
}
