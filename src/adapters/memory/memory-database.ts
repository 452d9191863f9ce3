// The in-process store behind the in-memory repositories. Transactions run one at a time
// and keep an undo log, so a failed unit of work leaves no trace, as in a database.
import type { PendingEvent } from '../../domain/ports/event-outbox.js';
import type { Profile } from '../../domain/profile/profile.js';
import type { Task } from '../../domain/task/task.js';

type Undo = () => void;

/** Collects the undo steps of one transaction. Writes outside a transaction pass none. */
export interface Journal {
  record(undo: Undo): void;
}

export class MemoryDatabase {
  readonly profiles = new Map<string, Profile>();
  readonly idByHandle = new Map<string, string>();
  readonly idByEmail = new Map<string, string>();
  readonly idByOwner = new Map<string, string>();
  readonly tasks = new Map<string, Task>();
  readonly taskInputs = new Map<string, Uint8Array>();
  /** The outbox: ids of tasks not yet handed to the queue. */
  readonly unpublished = new Set<string>();
  /** When each task handed to the queue was handed over, in epoch milliseconds. */
  readonly publishedAt = new Map<string, number>();
  readonly leases = new Map<string, { token: string; until: number }>();
  /** Profile events not yet published, in the order they were added. */
  readonly pendingEvents: PendingEvent[] = [];

  private tail: Promise<unknown> = Promise.resolve();

  async transaction<T>(work: (journal: Journal) => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const undo: Undo[] = [];
    try {
      return await work({ record: (step) => undo.push(step) });
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    } finally {
      release();
    }
  }
}
