// What profile events show of a profile (EVENTS_INCLUDE_PRIVATE): the units of work render it
// as they write an event, so every container with a database needs it, the migrate command's too.
import { ContainerModule } from 'inversify';
import { profileRenderer } from '../../adapters/events/event-document.js';
import type { Config } from '../../adapters/settings/config.js';
import { PROFILE_RENDERER } from '../tokens.js';

export function eventsBundle(events: Pick<Config['events'], 'enabled' | 'includePrivate'>) {
  return new ContainerModule(({ bind }) => {
    bind(PROFILE_RENDERER).toConstantValue({
      render: events.enabled ? profileRenderer({ includePrivate: events.includePrivate }) : undefined,
    });
  });
}
