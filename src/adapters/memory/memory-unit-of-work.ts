import type { TransactionScope, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { ProfileRenderer } from '../events/event-document.js';
import type { MemoryDatabase } from './memory-database.js';
import { NO_EVENTS } from '../events/no-events.js';
import { MemoryEventOutbox } from './memory-event-outbox.js';
import { MemoryProfileRepository } from './memory-profile-repository.js';
import { MemoryTaskStore } from './memory-task-store.js';

export class MemoryUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: MemoryDatabase,
    /** How events show their profile; undefined when events are off (EVENTS_ENABLED=false). */
    private readonly render: ProfileRenderer | undefined,
  ) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.db.transaction((journal) =>
      work({
        profiles: new MemoryProfileRepository(this.db, journal),
        tasks: new MemoryTaskStore(this.db, journal),
        events: this.render ? new MemoryEventOutbox(this.db, this.render, journal) : NO_EVENTS,
      }),
    );
  }
}
