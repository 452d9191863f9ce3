// Profile events as another service receives them: the service on the real PostgreSQL and
// RabbitMQ, and a queue of the test's own bound to the events exchange. Each change the API
// acknowledges arrives once, as a CloudEvent, in the order of the profile's versions.
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import { aCreateBody } from '../../support/profile-builder.js';
import { startEventingService, type EventingService } from '../../support/event-service.js';
import { eventually } from '../../support/eventually.js';
import { aPng } from '../../support/images.js';

interface Received {
  readonly routingKey: string;
  readonly contentType: string | undefined;
  readonly event: Record<string, unknown> & {
    id: string;
    type: string;
    subject: string;
    profileversion: number;
    data: Record<string, unknown>;
  };
}

let service: EventingService;
let connection: ChannelModel;
let channel: Channel;
const received: Received[] = [];

beforeEach(async () => {
  service = await startEventingService();
  // Another service's queue, bound to every profile event.
  connection = await amqplib.connect(service.uri);
  channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, service.exchange, 'profile.#');
  received.length = 0;
  await channel.consume(
    queue,
    (message) => {
      if (message === null) return;
      received.push({
        routingKey: message.fields.routingKey,
        contentType: message.properties.contentType as string | undefined,
        event: JSON.parse(message.content.toString()) as Received['event'],
      });
    },
    { noAck: true },
  );
});

afterEach(async () => {
  await connection.close();
  await service.stop();
});

test('when a profile is created, patched twice, deleted, restored and given an avatar, then a bound queue gets exactly those events, as CloudEvents, versions rising', async () => {
  const owner = await service.svc.as('events-owner');
  const created = await owner.post('/v1/profiles', aCreateBody());
  const path = `/v1/profiles/${created.body.id as string}`;
  await owner.patch(path, { displayName: 'Second' }, { 'If-Match': '*' });
  await owner.patch(path, { bio: 'Third' }, { 'If-Match': '*' });
  await owner.delete(path);
  await owner.post(`${path}/restore`);
  const upload = await owner.put(`${path}/avatar`, await aPng(64, 64), 'image/png');
  await owner.settledTask(upload.headers.get('location')!);

  // The upload is a change of its own (the avatar pending), its processing another (ready).
  await eventually(() => Promise.resolve(received.length >= 7 ? true : undefined), 15_000, 'seven events');
  // Nothing more comes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const events = [...received];

  expect(events.map((r) => r.routingKey)).toEqual([
    'profile.created',
    'profile.updated',
    'profile.updated',
    'profile.deleted',
    'profile.restored',
    'profile.updated',
    'profile.avatar.ready',
  ]);
  expect(events.map((r) => r.event.profileversion)).toEqual(events.map((_, i) => i + 1));
  for (const { contentType, event } of events) {
    expect(contentType).toBe('application/cloudevents+json');
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/profile-service',
      subject: created.body.id,
      datacontenttype: 'application/json',
      type: expect.stringMatching(/^io\.profileservice\.profile\.[a-z.]+\.v1$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(event.data).not.toHaveProperty('email');
    expect(event.data['version']).toBe(event.profileversion);
  }
  expect(new Set(events.map((r) => r.event.id)).size).toBe(events.length);
}, 60_000);
