import type { EventOutbox } from './event-outbox.js';
import type { ProfileRepository } from './profile-repository.js';
import type { TaskOutbox } from './task-store.js';

/** The ports that share one transaction inside `UnitOfWork.run`. */
export interface TransactionScope {
  readonly profiles: ProfileRepository;
  readonly tasks: TaskOutbox;
  readonly events: EventOutbox;
}

export interface UnitOfWorkOptions {
  /**
   * The size in bytes of a file the work stores besides its rows (an import, an avatar): large
   * work, which an implementation may give longer.
   */
  readonly payloadBytes?: number;
}

/** Runs work atomically: everything it wrote commits together, or nothing does if it throws. */
export interface UnitOfWork {
  run<T>(work: (scope: TransactionScope) => Promise<T>, options?: UnitOfWorkOptions): Promise<T>;
}
