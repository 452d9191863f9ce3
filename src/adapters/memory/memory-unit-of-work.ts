import type { TransactionScope, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { MemoryDatabase } from './memory-database.js';
import { MemoryProfileRepository } from './memory-profile-repository.js';
import { MemoryTaskStore } from './memory-task-store.js';

export class MemoryUnitOfWork implements UnitOfWork {
  constructor(private readonly db: MemoryDatabase) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.db.transaction((journal) =>
      work({
        profiles: new MemoryProfileRepository(this.db, journal),
        tasks: new MemoryTaskStore(this.db, journal),
      }),
    );
  }
}
