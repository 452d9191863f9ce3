// The outbox relay: hands tasks written by committed transactions to the queue. Rows are
// taken under lock (several relays share the backlog) and marked only once the queue has
// confirmed them; when the queue is down they simply wait for the next pass. A queue that
// keeps nothing across restarts lost whatever it held when the last process died: before its
// first pass, the relay puts every unfinished task back in the outbox. A durable queue can lose
// messages too (a broker node lost with its disk): now and then the relay puts back the tasks
// handed over long ago and never started, so a lost message delays a task, never strands it.
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
  /** A task handed over and neither started nor due for this long is handed over again. */
  readonly republishAfterMs: number;
  /** How often a pass looks for such tasks. */
  readonly strandedCheckMs: number;
  /** Hears how many stranded tasks a look put back (for a metric and a log line). */
  readonly onStranded?: (count: number) => void;
}

export class RelayOutbox {
  private recovered = false;
  private lastStrandedCheck = Number.NEGATIVE_INFINITY;

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
    await this.returnStranded();
    let failure: { error: unknown } | undefined;
    const published = await this.uow.run(async ({ tasks }) => {
      const now = this.clock.now();
      const due = await tasks.takeUnpublished(new Date(now.getTime() + this.settings.horizonMs), this.settings.batchSize);
      const done: string[] = [];
      for (const task of due) {
        try {
          await this.queue.publish(
            { taskId: task.id, type: task.type, ...(task.traceContext ? { traceContext: task.traceContext } : {}) },
            { delayMs: Math.max(0, task.runAt.getTime() - now.getTime()) },
          );
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

  private async returnStranded(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastStrandedCheck < this.settings.strandedCheckMs) return;
    this.lastStrandedCheck = now;
    const returned = await this.uow.run(({ tasks }) => tasks.returnStranded(new Date(now - this.settings.republishAfterMs)));
    if (returned > 0) this.settings.onStranded?.(returned);
  }
}
