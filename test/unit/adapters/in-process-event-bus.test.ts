// QUEUE_DRIVER=memory's event publisher: the events of this process, as CloudEvents, to whoever
// subscribed here.
import { InProcessEventBus } from '../../../src/adapters/memory/in-process-event-bus.js';
import type { ProfileCloudEvent } from '../../../src/adapters/events/cloud-events.js';
import type { PendingEvent } from '../../../src/domain/ports/event-outbox.js';

const event = (version: number): PendingEvent => ({
  id: `00000000-0000-4000-8000-00000000000${version}`,
  type: 'profile.updated',
  profileId: '00000000-0000-4000-8000-0000000000aa',
  version,
  occurredAt: new Date('2026-03-01T00:00:00Z'),
  document: { id: '00000000-0000-4000-8000-0000000000aa', version },
});

test('when events are published, then each subscriber gets them in order as CloudEvents, until it unsubscribes', async () => {
  const bus = new InProcessEventBus({ source: '/profiles-test' });
  const received: ProfileCloudEvent[] = [];
  const unsubscribe = bus.subscribe((e) => received.push(e));

  await bus.publish([event(1), event(2)]);
  unsubscribe();
  await bus.publish([event(3)]);

  expect(received.map((e) => e.profileversion)).toEqual([1, 2]);
  expect(received[0]).toEqual({
    specversion: '1.0',
    id: event(1).id,
    source: '/profiles-test',
    type: 'io.profileservice.profile.updated.v1',
    subject: event(1).profileId,
    time: '2026-03-01T00:00:00.000Z',
    datacontenttype: 'application/json',
    profileversion: 1,
    data: event(1).document,
  });
});

test('when a profile is purged, then its event carries its id and last version for data', async () => {
  const bus = new InProcessEventBus({ source: '/p' });
  const received: ProfileCloudEvent[] = [];
  bus.subscribe((e) => received.push(e));
  await bus.publish([{ ...event(4), type: 'profile.purged', document: null }]);
  expect(received[0]).toMatchObject({ type: 'io.profileservice.profile.purged.v1', data: { id: event(4).profileId, version: 4 } });
});
