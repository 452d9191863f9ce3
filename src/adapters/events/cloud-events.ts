// Profile events as CloudEvents 1.0 in structured JSON mode (application/cloudevents+json):
// the same envelope whichever way they travel (RabbitMQ, the in-process bus).
import type { PendingEvent } from '../../domain/ports/event-outbox.js';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export interface CloudEventSettings {
  /** The CloudEvents `source` (EVENTS_SOURCE): a URI reference that names this service. */
  readonly source: string;
}

export interface ProfileCloudEvent {
  readonly specversion: '1.0';
  /** Unique per event, and the same when it is published again: consumers deduplicate by it. */
  readonly id: string;
  readonly source: string;
  /** `io.profileservice.profile.created.v1` and so on: the event type, versioned. */
  readonly type: string;
  /** The profile's id. */
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** An extension attribute: the profile's version after the change, for ordering and deduplication. */
  readonly profileversion: number;
  /** The profile's document at that version (public members unless EVENTS_INCLUDE_PRIVATE); for a purge, its id and last version. */
  readonly data: Readonly<Record<string, unknown>>;
}

export const cloudEventType = (type: PendingEvent['type']) => `io.profileservice.${type}.v1`;

export function toCloudEvent(event: PendingEvent, { source }: CloudEventSettings): ProfileCloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source,
    type: cloudEventType(event.type),
    subject: event.profileId,
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    profileversion: event.version,
    data: event.document ?? { id: event.profileId, version: event.version },
  };
}
