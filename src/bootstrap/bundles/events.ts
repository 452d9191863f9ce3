// What profile events show of a profile (EVENTS_INCLUDE_PRIVATE): the units of work render it
// as they write an event, so every container with a database needs it, the migrate command's too.
import { ContainerModule } from 'inversify';
import { profileRenderer, type ProfileRenderer } from '../../adapters/events/event-document.js';
import type { Config } from '../config.js';
import { PROFILE_RENDERER } from '../tokens.js';

/** What the units of work write events with: a renderer, or nothing when events are off (EVENTS_ENABLED=false). */
export interface EventWriting {
  readonly render: ProfileRenderer | undefined;
}

export function eventsBundle(events: Pick<Config['events'], 'enabled' | 'includePrivate'>) {
  return new ContainerModule(({ bind }) => {
    bind<EventWriting>(PROFILE_RENDERER).toConstantValue({ render: events.enabled ? profileRenderer({ includePrivate: events.includePrivate }) : undefined });
  });
}
