// The outbox relay: hands tasks written by committed transactions to the queue. Rows are
// taken under lock (several relays share the backlog) and marked only once the queue has
// confirmed them; when the queue is down they simply wait for the next pass. A queue that
// keeps nothing across restarts lost whatever it held when the last process died: before its
// first pass, the relay puts every unfinished task back in the outbox.
import type { Clock } from '../../domain/ports/clock.js';
import type { TaskQueue } from '../../domain/ports/task-queue.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';

export interface RelaySettings {
  readonly batchSize: number;
  /**
   * Tasks due further ahead stay in the database (a purge 30 days out), where a restore can
   * still cancel them; the queue's delays carry the rest.
   */
  readonly horizonMs: number;
}

export class RelayOutbox {
  private recovered = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly queue: TaskQueue,
    private readonly clock: Clock,
    private readonly settings: RelaySettings,
  ) {}

  /** One pass; resolves with how many tasks were handed over, or rejects once those are marked. */
  async execute(): Promise<number> {
    if (!this.recovered) {
      // Handing a task twice is harmless: only one attempt holds its lease.
      if (!this.queue.durable) await this.uow.run(({ tasks }) => tasks.returnToOutbox());
      this.recovered = true;
    }
    let failure: { error: unknown } | undefined;
    const published = await this.uow.run(async ({ tasks }) => {
      const now = this.clock.now();
      const due = await tasks.takeUnpublished(new Date(now.getTime() + this.settings.horizonMs), this.settings.batchSize);
      const done: string[] = [];
      for (const task of due) {
        try {
          await this.queue.publish({ taskId: task.id, type: task.type }, { delayMs: Math.max(0, task.runAt.getTime() - now.getTime()) });
        } catch (error) {
          failure = { error };
          break;
        }
        done.push(task.id);
      }
      await tasks.markPublished(done, now);
      return done.length;
    });
    if (failure) throw failure.error;
    return published;
  }
}
