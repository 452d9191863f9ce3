// subscribeProfileEvents against the service on PostgreSQL and RabbitMQ: the changes made
// through the typed client reach the handler once each, in version order; a repeat (same id),
// an older version and a failed handling are dealt with as the consumer promises.
import amqplib from 'amqplib';
import { createProfileClient, type ProfileClient } from '../src/index.js';
import { subscribeProfileEvents, type ProfileEvent, type Subscription } from '../src/events.js';
import { startEventingService, type EventingService } from '../../../test/support/event-service.js';
import { eventually } from '../../../test/support/eventually.js';
import type { TestService } from '../../../test/support/test-service.js';

let service: EventingService;
let svc: TestService;
let prefix: string;
let exchange: string;
let uri: string;
let client: ProfileClient;
let subscription: Subscription | undefined;

beforeEach(async () => {
  service = await startEventingService();
  ({ svc, uri, prefix, exchange } = service);
  client = createProfileClient({ baseUrl: svc.url, token: await svc.token('events-owner', ['user']) });
});

afterEach(async () => {
  await subscription?.close();
  subscription = undefined;
  const connection = await amqplib.connect(uri);
  const channel = await connection.createChannel();
  await channel.deleteQueue(`${prefix}.consumer`);
  await connection.close();
  await service.stop();
});

const subscribe = async (handler: (event: ProfileEvent) => Promise<void> | void, onError?: (error: Error) => void) => {
  subscription = await subscribeProfileEvents({
    url: uri,
    queue: `${prefix}.consumer`,
    exchange,
    handler,
    ...(onError ? { onError } : {}),
  });
};

/** Publishes a message to the events exchange as the service would: another service's view of a repeat. */
async function publish(event: ProfileEvent): Promise<void> {
  const connection = await amqplib.connect(uri);
  const channel = await connection.createConfirmChannel();
  channel.publish(exchange, event.type.replace(/^io\.profileservice\.|\.v1$/g, ''), Buffer.from(JSON.stringify(event)), {
    contentType: 'application/cloudevents+json',
  });
  await channel.waitForConfirms();
  await connection.close();
}

test('when a profile is created, patched twice, deleted and restored, then the handler gets those five events once each, versions rising', async () => {
  const handled: ProfileEvent[] = [];
  await subscribe((event) => void handled.push(event));
  const { value: created } = await client.createProfile({
    handle: 'events_alice',
    email: 'alice@events.example.com',
    displayName: 'Alice',
  });
  await client.updateProfile(created.id, { displayName: 'Alice B.' }, { ifMatch: '*' });
  await client.updateProfile(created.id, { bio: 'Hello' }, { ifMatch: '*' });
  await client.deleteProfile(created.id);
  await client.restoreProfile(created.id);

  await eventually(() => Promise.resolve(handled.length >= 5 ? true : undefined), 10_000, 'five events handled');
  expect(handled.map((e) => `${e.type}@${e.profileversion}`)).toEqual([
    'io.profileservice.profile.created.v1@1',
    'io.profileservice.profile.updated.v1@2',
    'io.profileservice.profile.updated.v1@3',
    'io.profileservice.profile.deleted.v1@4',
    'io.profileservice.profile.restored.v1@5',
  ]);
  const second = handled[1]!;
  // Typed: data is the Profile of that version (not purged here).
  if (second.type !== 'io.profileservice.profile.purged.v1') expect(second.data.displayName).toBe('Alice B.');
});

test('when an event comes again under its id, or an older version after a newer, then the handler is not called; a newer version is', async () => {
  const handled: ProfileEvent[] = [];
  await subscribe((event) => void handled.push(event));
  const { value: created } = await client.createProfile({ handle: 'events_bob', email: 'bob@events.example.com', displayName: 'Bob' });
  await client.updateProfile(created.id, { displayName: 'Bob B.' }, { ifMatch: '*' });
  await eventually(() => Promise.resolve(handled.length >= 2 ? true : undefined), 10_000, 'two events handled');
  const [first, second] = handled as [ProfileEvent, ProfileEvent];

  await publish(second);
  await publish({ ...first, id: '0193a0c1-0000-7000-8000-0000000000aa' });
  const newer = { ...second, id: '0193a0c1-0000-7000-8000-0000000000bb', profileversion: 3 } as ProfileEvent;
  await publish(newer);
  await eventually(() => Promise.resolve(handled.length >= 3 ? true : undefined), 10_000, 'the newer event handled');
  // The repeat and the older one were consumed before the newer (one queue, in order), and dropped.
  expect(handled.map((e) => `${e.id}@${e.profileversion}`)).toEqual([`${first.id}@1`, `${second.id}@2`, `${newer.id}@3`]);
});

test('when the handler fails on an event, then it is told, and the event comes again and is handled once the handler succeeds', async () => {
  const handled: ProfileEvent[] = [];
  const errors: string[] = [];
  let failures = 1;
  await subscribe(
    (event) => {
      if (failures-- > 0) throw new Error('the index is down');
      handled.push(event);
    },
    (error) => errors.push(error.message),
  );
  const { value: created } = await client.createProfile({
    handle: 'events_carol',
    email: 'carol@events.example.com',
    displayName: 'Carol',
  });

  await eventually(() => Promise.resolve(handled.length >= 1 ? true : undefined), 10_000, 'the event handled');
  expect({ handled: handled.map((e) => `${e.subject}@${e.profileversion}`), errors }).toEqual({
    handled: [`${created.id}@1`],
    errors: ['the index is down'],
  });
});
