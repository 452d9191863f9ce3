// Publishes the profile events of committed changes, oldest first, and marks them published in
// the same unit of work (the outbox forgets them): an event is published at least once (again after a crash between the
// two), never lost, and one relay at a time (the outbox's lock) keeps each profile's in order.
import type { EventPublisher } from '../../domain/ports/event-outbox.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';

export class RelayEvents {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly publisher: EventPublisher,
    private readonly batchSize: number,
    /** Called with each published batch (metrics). */
    private readonly onPublished: (types: readonly string[]) => void = () => undefined,
  ) {}

  /** One pass: how many events it published (0 when none waited, or another relay holds them). */
  async execute(): Promise<number> {
    const published = await this.uow.run(async ({ events }) => {
      const due = await events.takeUnpublished(this.batchSize);
      if (due.length === 0) return [];
      await this.publisher.publish(due);
      await events.markPublished(due.map((e) => e.id));
      return due.map((e) => e.type);
    });
    if (published.length > 0) this.onPublished(published);
    return published.length;
  }
}
