import type { ProfileRepository } from './profile-repository.js';
import type { TaskStore } from './task-store.js';

/** The ports that share one transaction inside `UnitOfWork.run`. */
export interface TransactionScope {
  readonly profiles: ProfileRepository;
  readonly tasks: TaskStore;
}

/** Runs work atomically: everything it wrote commits together, or nothing does if it throws. */
export interface UnitOfWork {
  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = Symbol.for('UnitOfWork');
