// The AsyncAPI 3.0 document of the profile events: where they are published (the topic
// exchange, routed by type) and what each message is (a CloudEvent whose data is the API's
// Profile schema, the very one that describes and checks the REST responses). Served at
// /asyncapi.json; docs/asyncapi.yaml is the same document at the default settings.
import { PROFILE_EVENT_TYPES, type ProfileEventType } from '../../domain/events/profile-event.js';
import { profileSchema } from '../representation/schemas.js';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventType } from '../events/cloud-events.js';

export interface AsyncApiSettings {
  /** EVENTS_EXCHANGE: the channel's address. */
  readonly exchange: string;
  /** EVENTS_SOURCE: every event's `source`. */
  readonly source: string;
  /** EVENTS_INCLUDE_PRIVATE: whether `data.email` may be there. */
  readonly includePrivate: boolean;
}

const WHEN: Record<ProfileEventType, string> = {
  'profile.created': 'A profile was created, through the API or by an import.',
  'profile.updated': 'A profile was changed: a PATCH, an avatar upload (the avatar then processing), an avatar processing that failed.',
  'profile.deleted': 'A profile was deleted; it can be restored until it is purged.',
  'profile.restored': 'A deleted profile was restored.',
  'profile.purged': 'A deleted profile was erased after its grace period: data carries only its id and last version.',
  'profile.avatar.ready': "The avatar's processing finished; data.avatar.url shows it.",
  'profile.avatar.removed': 'The avatar was deleted.',
};

const AMQP_BINDING_VERSION = '0.3.0';
const ref = (path: string) => ({ $ref: path });

/** `profile.avatar.ready` -> `ProfileAvatarReady`: the name of its message and payload schema. */
export const messageName = (type: ProfileEventType) =>
  type
    .split('.')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

const { $id: _id, ...profile } = profileSchema;

function envelope({ source }: AsyncApiSettings): Record<string, unknown> {
  return {
    type: 'object',
    description: 'A CloudEvent 1.0 in structured JSON mode.',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'profileversion', 'data'],
    properties: {
      specversion: { const: '1.0' },
      id: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event, and the same each time the event is published again: deduplicate by it.',
      },
      source: { type: 'string', format: 'uri-reference', examples: [source], description: 'EVENTS_SOURCE.' },
      type: { type: 'string', description: 'io.profileservice.<event type>.v1' },
      subject: { type: 'string', format: 'uuid', description: "The profile's id." },
      time: { type: 'string', format: 'date-time', description: 'When the change committed.' },
      datacontenttype: { const: 'application/json' },
      profileversion: {
        type: 'integer',
        minimum: 1,
        description:
          "The profile's version after the change (an extension attribute): apply an event only when it is higher than the version you hold.",
      },
      data: { type: 'object' },
    },
  };
}

function payload(type: ProfileEventType, includePrivate: boolean): Record<string, unknown> {
  const data =
    type === 'profile.purged'
      ? {
          type: 'object',
          required: ['id', 'version'],
          properties: { id: { type: 'string', format: 'uuid' }, version: { type: 'integer', minimum: 1 } },
        }
      : {
          allOf: [ref('#/components/schemas/Profile')],
          description: includePrivate
            ? 'The profile at that version, private members (email) included (EVENTS_INCLUDE_PRIVATE=true).'
            : 'The profile at that version: its public members (no email; EVENTS_INCLUDE_PRIVATE=true adds it).',
        };
  return {
    allOf: [ref('#/components/schemas/CloudEvent'), { type: 'object', properties: { type: { const: cloudEventType(type) }, data } }],
  };
}

export function buildAsyncApiDocument(version: string, settings: AsyncApiSettings): Record<string, unknown> {
  const types = PROFILE_EVENT_TYPES;
  const messageRef = (type: ProfileEventType) => ref(`#/components/messages/${messageName(type)}`);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Profile Service events',
      version,
      description: [
        'What happens to profiles, for other services: each event is written in the same transaction as its change and relayed to RabbitMQ.',
        'Delivery is at least once (publisher confirms; a re-publication keeps its id), in version order per profile, and nothing is lost while RabbitMQ is away.',
        'Bind a queue of your own to the exchange with `profile.#` (all) or a routing key per type.',
      ].join(' '),
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    channels: {
      profileEvents: {
        address: settings.exchange,
        title: 'The profile events exchange',
        description: "A durable topic exchange (EVENTS_EXCHANGE); each message's routing key is its event type (profile.created...).",
        messages: Object.fromEntries(types.map((type) => [messageName(type), messageRef(type)])),
        bindings: {
          amqp: {
            is: 'routingKey',
            exchange: { name: settings.exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
            bindingVersion: AMQP_BINDING_VERSION,
          },
        },
      },
    },
    operations: {
      publishProfileEvents: {
        action: 'send',
        title: 'Publish profile events',
        summary: 'The service publishes each committed change to a profile, oldest first.',
        channel: ref('#/channels/profileEvents'),
        messages: types.map((type) => ref(`#/channels/profileEvents/messages/${messageName(type)}`)),
        bindings: { amqp: { deliveryMode: 2, mandatory: false, bindingVersion: AMQP_BINDING_VERSION } },
      },
    },
    components: {
      schemas: {
        CloudEvent: envelope(settings),
        Profile: profile,
        ...Object.fromEntries(types.map((type) => [`${messageName(type)}Event`, payload(type, settings.includePrivate)])),
      },
      messages: Object.fromEntries(
        types.map((type) => [
          messageName(type),
          {
            name: type,
            title: type,
            summary: WHEN[type],
            contentType: CLOUDEVENTS_CONTENT_TYPE,
            payload: ref(`#/components/schemas/${messageName(type)}Event`),
            bindings: { amqp: { messageType: cloudEventType(type), bindingVersion: AMQP_BINDING_VERSION } },
          },
        ]),
      ),
    },
  };
}
