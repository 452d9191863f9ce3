import type { Task } from '../task/task.js';

/** The right to settle one attempt of a task; it lapses after its lease time unless renewed (`renew`). */
export interface TaskLease {
  readonly task: Task;
  readonly token: string;
}

/** What the API shows of a task, and reviving a dead one. */
export interface TaskStatusStore {
  findById(id: string): Promise<Task | null>;
  /** Stores a revived task and puts it back in the outbox. */
  requeue(task: Task): Promise<void>;
}

/**
 * Running a task: only the holder of a lease settles an attempt, which is what keeps two
 * workers from both completing one task when its message is delivered twice.
 */
export interface TaskLeases {
  findById(id: string): Promise<Task | null>;
  /**
   * Starts an attempt if the task may have one now: queued or failed, or running under a
   * lease that has lapsed (its worker died). Null when another worker holds it or it is finished.
   */
  claim(id: string, now: Date, leaseMs: number): Promise<TaskLease | null>;
  /** When the lease on the task lapses unless renewed; null when no one holds it. */
  leaseExpiry(id: string): Promise<Date | null>;
  /** Extends a lease; false when it was lost to another worker. */
  renew(lease: TaskLease, until: Date): Promise<boolean>;
  /** Records the attempt's outcome and ends the lease; false (and nothing written) when the lease was lost. */
  settle(lease: TaskLease, outcome: Task): Promise<boolean>;
}

/** The file a task works on (an avatar upload, an import), stored with it when it was added. */
export interface TaskInputs {
  /** The input stored with the task, or null. */
  input(id: string): Promise<Uint8Array | null>;
}

/**
 * The outbox: a task added in a unit of work is handed to the queue by the relay once that
 * unit commits, so a task exists exactly when the change that asked for it does.
 */
export interface TaskOutbox {
  /** Adds a task to the outbox, with an optional input (an upload) kept beside it. */
  add(task: Task, input?: Uint8Array): Promise<void>;
  /**
   * Up to `limit` tasks not yet handed to the queue whose run-at falls before `horizon`,
   * locked against other relays until the surrounding unit of work ends.
   */
  takeUnpublished(horizon: Date, limit: number): Promise<Task[]>;
  markPublished(ids: readonly string[], now: Date): Promise<void>;
  /**
   * Puts every unfinished task that was handed to the queue back in the outbox, and says how
   * many: for a queue that keeps nothing across restarts, whose messages died with the process.
   */
  returnToOutbox(): Promise<number>;
  /**
   * Puts back in the outbox the unfinished tasks that were handed to the queue before `since`
   * and have neither come due nor held a lease since (an attempt whose worker is gone), and
   * says how many: a queue that lost its messages (a broker node lost with its
   * disk) strands nothing. Handing a task over twice is harmless: one attempt at a time holds it.
   */
  returnStranded(since: Date): Promise<number>;
  /** How many tasks wait in the outbox (a gauge for operators). */
  countUnpublished(): Promise<number>;
  /** When the task in the outbox that has been due longest fell due (by `now`); null when none is due. */
  oldestDue(now: Date): Promise<Date | null>;
}

/** Every role above, as one store of tasks implements them (one table, one map). */
export interface TaskStore extends TaskStatusStore, TaskLeases, TaskInputs, TaskOutbox {}
