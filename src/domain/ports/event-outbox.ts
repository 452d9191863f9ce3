import type { ProfileEvent, ProfileEventType } from '../events/profile-event.js';

/** An event as the outbox keeps it: the profile already rendered as the document consumers get. */
export interface PendingEvent {
  readonly id: string;
  readonly type: ProfileEventType;
  readonly profileId: string;
  readonly version: number;
  readonly occurredAt: Date;
  readonly document: Readonly<Record<string, unknown>> | null;
}

/**
 * Profile events waiting to be published: added in the unit of work of their change, taken
 * by one relay at a time in the order they were added, so that per profile they leave in
 * version order.
 */
export interface EventOutbox {
  add(event: ProfileEvent): Promise<void>;
  /** Adds several, in their order (a bulk import's batch), in one statement where the store can. */
  addMany(events: readonly ProfileEvent[]): Promise<void>;
  /**
   * The oldest `limit` events not yet published, in the order they were added; empty while
   * another relay holds them (until its unit of work ends).
   */
  takeUnpublished(limit: number): Promise<PendingEvent[]>;
  /** Forgets published events: they are not taken again. */
  markPublished(ids: readonly string[]): Promise<void>;
  /** How many wait, and since when the oldest has. */
  backlog(): Promise<{ readonly count: number; readonly oldest: Date | null }>;
}

/** Hands events to other services (a message broker, or an in-process bus), resolving once they are accepted. */
export interface EventPublisher {
  publish(events: readonly PendingEvent[]): Promise<void>;
}
