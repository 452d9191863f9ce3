// How an event shows its profile: the API's document of it (presenters.ts), public members
// only unless EVENTS_INCLUDE_PRIVATE=true. Rendered when the event is written, so that it shows
// the profile at the event's version whenever it is published.
import type { ProfileEvent } from '../../domain/events/profile-event.js';
import type { PendingEvent } from '../../domain/ports/event-outbox.js';
import type { Profile } from '../../domain/profile/profile.js';
import { profileDocument } from '../representation/documents.js';

export type ProfileRenderer = (profile: Profile) => Readonly<Record<string, unknown>>;

export function profileRenderer({ includePrivate }: { readonly includePrivate: boolean }): ProfileRenderer {
  return (profile) => profileDocument({ profile, visibility: includePrivate ? 'full' : 'public' });
}

export function pendingEvent(event: ProfileEvent, render: ProfileRenderer): PendingEvent {
  return {
    id: event.id,
    type: event.type,
    profileId: event.profileId,
    version: event.version,
    occurredAt: event.occurredAt,
    document: event.profile === null ? null : render(event.profile),
  };
}
