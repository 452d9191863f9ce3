// EVENTS_ENABLED=false: a service whose events nobody consumes writes none. The units of work
// take this outbox instead of their store's: changes commit as ever, no event is kept.
import type { EventOutbox } from '../../domain/ports/event-outbox.js';

export const NO_EVENTS: EventOutbox = {
  add: () => Promise.resolve(),
  addMany: () => Promise.resolve(),
  takeUnpublished: () => Promise.resolve([]),
  markPublished: () => Promise.resolve(),
  backlog: () => Promise.resolve({ count: 0, oldest: null }),
};
