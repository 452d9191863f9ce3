import type { TransactionScope, UnitOfWork, UnitOfWorkOptions } from '../../domain/ports/unit-of-work.js';
import type { ProfileRenderer } from '../events/event-document.js';
import type { SqlDriver } from './sql.js';
import { NO_EVENTS } from '../events/no-events.js';
import { SqlEventOutbox } from './sql-event-outbox.js';
import { SqlProfileRepository } from './sql-profile-repository.js';
import { SqlTaskStore } from './sql-task-store.js';

export class SqlUnitOfWork implements UnitOfWork {
  constructor(
    private readonly driver: SqlDriver,
    /** How events show their profile; undefined when events are off (EVENTS_ENABLED=false). */
    private readonly render: ProfileRenderer | undefined,
  ) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    return this.driver.transaction(
      (tx) =>
        work({
          profiles: new SqlProfileRepository(tx),
          tasks: new SqlTaskStore(tx),
          events: this.render ? new SqlEventOutbox(tx, this.render) : NO_EVENTS,
        }),
      options,
    );
  }
}
