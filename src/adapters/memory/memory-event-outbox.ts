import type { ProfileEvent } from '../../domain/events/profile-event.js';
import type { EventOutbox, PendingEvent } from '../../domain/ports/event-outbox.js';
import { pendingEvent, type ProfileRenderer } from '../events/event-document.js';
import type { Journal, MemoryDatabase } from './memory-database.js';

/** The event outbox in process: a queue in the order of addition; one unit of work at a time holds it. */
export class MemoryEventOutbox implements EventOutbox {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly render: ProfileRenderer,
    private readonly journal?: Journal,
  ) {}

  add(event: ProfileEvent): Promise<void> {
    this.db.pendingEvents.push(pendingEvent(event, this.render));
    this.journal?.record(() =>
      this.db.pendingEvents.splice(
        this.db.pendingEvents.findIndex((e) => e.id === event.id),
        1,
      ),
    );
    return Promise.resolve();
  }

  async addMany(events: readonly ProfileEvent[]): Promise<void> {
    for (const event of events) await this.add(event);
  }

  takeUnpublished(limit: number): Promise<PendingEvent[]> {
    return Promise.resolve(this.db.pendingEvents.slice(0, limit));
  }

  markPublished(ids: readonly string[]): Promise<void> {
    const published = new Set(ids);
    const before = [...this.db.pendingEvents];
    this.db.pendingEvents.splice(0, this.db.pendingEvents.length, ...before.filter((e) => !published.has(e.id)));
    this.journal?.record(() => this.db.pendingEvents.splice(0, this.db.pendingEvents.length, ...before));
    return Promise.resolve();
  }

  backlog(): Promise<{ count: number; oldest: Date | null }> {
    return Promise.resolve({ count: this.db.pendingEvents.length, oldest: this.db.pendingEvents[0]?.occurredAt ?? null });
  }
}
