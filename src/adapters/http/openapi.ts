// The OpenAPI 3.1 document, assembled from the very schemas that validate requests.
import {
  createProfileSchema,
  healthSchema,
  listProfilesQuerySchema,
  problemSchema,
  profileBatchSchema,
  profilePageSchema,
  profilePatchSchema,
  profileSchema,
  taskSchema,
} from '../representation/schemas.js';
import { AVATAR_SIZES, DEFAULT_AVATAR_SIZE, MAX_AVATAR_SIDE } from '../../domain/avatar/image-format.js';

/** The configured limits the document states (AVATAR_MAX_BYTES, IDEMPOTENCY_TTL): as this service enforces them. */
export interface DocumentedLimits {
  readonly avatarMaxBytes: number;
  readonly idempotencyTtlMs: number;
}

const MIB = 1024 * 1024;
const bytes = (n: number) => (n % MIB === 0 ? `${n / MIB} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);
const HOUR = 3_600_000;
const duration = (ms: number) => (ms % HOUR === 0 ? `${ms / HOUR} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

const component = ({ $id: _id, ...schema }: { $id: string } & Record<string, unknown>) => schema;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const etagHeader = { ETag: { description: 'The version of the profile, for If-Match and If-None-Match.', schema: { type: 'string' } } };
const count = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 };
const rateLimitHeaders = {
  'RateLimit-Limit': { schema: count, description: 'Requests of this kind (reads, writes, uploads) allowed per window.' },
  'RateLimit-Remaining': { schema: count },
  'RateLimit-Reset': { schema: count, description: 'Seconds until the window resets.' },
  'RateLimit-Policy': {
    schema: { type: 'string', maxLength: 32, pattern: '^\\d+;w=\\d+$' },
    description: 'The limit and its window, as `120;w=60`.',
  },
};

type Operation = { readonly responses: Record<string, { readonly headers?: object } & object> };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/**
 * Every /v1 operation is rate limited (per principal, or per client IP when anonymous): its
 * answers, refusals included, carry the RateLimit-* headers, and a refusal for the limit is 429
 * with Retry-After. Any of them may also fail with 500 (a fault of ours, with its request id).
 */
function withRateLimits(paths: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const limited = ({ responses, ...operation }: Operation): Operation => ({
    ...operation,
    responses: {
      ...Object.fromEntries(
        Object.entries(responses).map(([status, response]) => [
          status,
          /^[234]/.test(status) ? { ...response, headers: { ...response.headers, ...rateLimitHeaders } } : response,
        ]),
      ),
      '429': tooManyRequests,
      '500': problem('A fault of ours: quote the requestId of the problem when you report it.'),
    },
  });
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      !path.startsWith('/v1/')
        ? item
        : Object.fromEntries(Object.entries(item).map(([key, value]) => [key, METHODS.has(key) ? limited(value as Operation) : value])),
    ]),
  );
}

const tooManyRequests = {
  ...problem('Too many requests of this kind in the window: try again after Retry-After seconds.'),
  headers: { 'Retry-After': { schema: count, description: 'Seconds to wait.' }, ...rateLimitHeaders },
};

const commonErrors = {
  '401': problem('No valid bearer token (see WWW-Authenticate).'),
  '503': problem('A critical dependency is down; see Retry-After.'),
};

export function buildOpenApiDocument(version: string, limits: DocumentedLimits): Record<string, unknown> {
  const side = `${MAX_AVATAR_SIDE}x${MAX_AVATAR_SIDE}`;
  const listParameters = Object.entries(listProfilesQuerySchema.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Profile Service',
      version,
      description:
        'User profiles: create, read, list, update, delete and restore; avatars and bulk import through tasks. Errors are RFC 9457 problem details.',
      contact: { name: 'Profile Service', url: 'https://github.com/profile-service/profile-service' },
    },
    servers: [{ url: '/', 'x-internal': false }],
    security: [{ bearer: [] }],
    paths: withRateLimits({
      '/v1/profiles': {
        post: {
          operationId: 'createProfile',
          summary: 'Create a profile (for yourself; admins for any owner).',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 255 },
              description: `Replays the first response for ${duration(limits.idempotencyTtlMs)}; the same key with another body is refused (422).`,
            },
          ],
          requestBody: { required: true, content: json(ref('CreateProfile')) },
          responses: {
            '201': {
              description: 'Created.',
              headers: { ...etagHeader, Location: { schema: { type: 'string' } } },
              content: json(ref('Profile')),
            },
            '400': problem('Malformed JSON.'),
            '403': problem('Creating for another owner without being admin.'),
            '409': problem('Handle, e-mail or owner already taken.'),
            '413': problem('Body too large.'),
            '415': problem('Not application/json.'),
            '422': problem('Invalid members (see errors).'),
            ...commonErrors,
          },
        },
        get: {
          operationId: 'listProfiles',
          summary: 'List live profiles ordered by handle (keyset pagination); search them with q; read a batch of them with ids.',
          parameters: listParameters,
          responses: {
            '200': {
              description: 'A page (of the list or of a search), or with ids a batch.',
              content: json({ oneOf: [ref('ProfilePage'), ref('ProfileBatch')] }),
            },
            '400': problem('Invalid query, or parameters that cannot be combined (see errors).'),
            ...commonErrors,
            '503': problem(
              'A critical dependency is down, or (a search) more searches than SEARCH_CONCURRENCY run and wait already; see Retry-After.',
            ),
          },
        },
      },
      '/v1/profiles/{id}': {
        parameters: [idParameter],
        get: {
          operationId: 'getProfile',
          summary: 'Read a live profile; the e-mail address only for its owner and admins.',
          parameters: [
            {
              name: 'If-None-Match',
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: 'An ETag you hold: 304 when it is still current.',
            },
          ],
          responses: {
            '200': { description: 'The profile.', headers: etagHeader, content: json(ref('Profile')) },
            '304': { description: 'Not modified.' },
            '404': problem('No such profile, or deleted.'),
            ...commonErrors,
          },
        },
        patch: {
          operationId: 'updateProfile',
          summary: 'Change a profile with a JSON Merge Patch.',
          parameters: [
            {
              name: 'If-Match',
              in: 'header',
              required: true,
              schema: { type: 'string' },
              description: 'The ETag of the version you changed (412 when another change came first), or * for any.',
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/merge-patch+json': { schema: ref('ProfilePatch') }, ...json(ref('ProfilePatch')) },
          },
          responses: {
            '200': { description: 'The changed profile.', headers: etagHeader, content: json(ref('Profile')) },
            '400': problem('Malformed JSON.'),
            '403': problem('Not the owner or an admin.'),
            '404': problem('No such profile.'),
            '409': problem('Handle or e-mail taken.'),
            '412': problem('If-Match is stale.'),
            '415': problem('Unsupported media type.'),
            '422': problem('Invalid members.'),
            '428': problem('If-Match missing.'),
            ...commonErrors,
          },
        },
        delete: {
          operationId: 'deleteProfile',
          summary: 'Soft-delete a profile; it is purged after the grace period unless restored.',
          parameters: [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: 'When given, the ETag of the version you mean to delete (412 when stale).',
            },
          ],
          responses: {
            '204': { description: 'Deleted.' },
            '403': problem('Not the owner or an admin.'),
            '404': problem('No such profile.'),
            '412': problem('If-Match is stale.'),
            ...commonErrors,
          },
        },
      },
      '/v1/profiles/{id}/restore': {
        parameters: [idParameter],
        post: {
          operationId: 'restoreProfile',
          summary: 'Restore a deleted profile within the purge grace period.',
          responses: {
            '200': { description: 'The restored profile.', headers: etagHeader, content: json(ref('Profile')) },
            '403': problem('Not the owner or an admin.'),
            '404': problem('No such profile.'),
            '409': problem('The grace period is over.'),
            ...commonErrors,
          },
        },
      },
      '/v1/profiles/{id}/avatar': {
        parameters: [idParameter],
        put: {
          operationId: 'uploadAvatar',
          summary: `Upload an avatar (JPEG, PNG or WebP, told by its bytes; at most ${bytes(limits.avatarMaxBytes)} and ${side} pixels). A worker renders it.`,
          requestBody: {
            required: true,
            content: {
              'image/*': { schema: { type: 'string', format: 'binary' } },
              'multipart/form-data': {
                schema: { type: 'object', required: ['image'], properties: { image: { type: 'string', format: 'binary' } } },
              },
            },
          },
          responses: {
            '202': {
              description: 'Accepted; Location is the processing task.',
              headers: { Location: { schema: { type: 'string' } } },
              content: json(ref('Task')),
            },
            '403': problem('Not the owner or an admin.'),
            '404': problem('No such profile.'),
            '413': problem(`Larger than ${bytes(limits.avatarMaxBytes)}.`),
            '415': problem('Not a JPEG, PNG or WebP image.'),
            '422': problem(`Unreadable, or larger than ${side} pixels.`),
            ...commonErrors,
          },
        },
        get: {
          operationId: 'getAvatar',
          summary:
            "A square WebP rendition of the avatar shown, without metadata. Public. Use the profile's avatar.url: with its `v`, the bytes never change (cached for a year); without `v`, the answer follows the profile (revalidate).",
          security: [],
          parameters: [
            { name: 'size', in: 'query', required: false, schema: { type: 'integer', enum: AVATAR_SIZES, default: DEFAULT_AVATAR_SIZE } },
            {
              name: 'v',
              in: 'query',
              required: false,
              description: "The avatar version, as in the profile's avatar.url; versions are never reused.",
              schema: { type: 'integer', minimum: 1 },
            },
          ],
          responses: {
            '200': { description: 'The image.', content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } } },
            '304': { description: 'Not modified.' },
            '400': problem('Unknown size, or a malformed version.'),
            '404': problem('No avatar shown, or not at that version.'),
          },
        },
        delete: {
          operationId: 'deleteAvatar',
          summary: 'Remove the avatar; its renditions go with it.',
          responses: {
            '204': { description: 'Removed.' },
            '403': problem('Not the owner or an admin.'),
            '404': problem('No such profile.'),
            ...commonErrors,
          },
        },
      },
      '/v1/profiles/import': {
        post: {
          operationId: 'importProfiles',
          summary: 'Bulk import (admins): one create body with ownerId per line. The task result counts created and failed lines.',
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
          responses: {
            '202': {
              description: 'Accepted; Location is the import task.',
              headers: { Location: { schema: { type: 'string' } } },
              content: json(ref('Task')),
            },
            '403': problem('Not an admin.'),
            '413': problem('Larger than IMPORT_MAX_BYTES.'),
            '415': problem('Not application/x-ndjson.'),
            ...commonErrors,
          },
        },
      },
      '/v1/tasks/{id}': {
        parameters: [idParameter],
        get: {
          operationId: 'getTask',
          summary: 'The status of asynchronous work, for its requester and admins.',
          responses: {
            '200': { description: 'The task.', content: json(ref('Task')) },
            '404': problem('No such task (or not yours).'),
            ...commonErrors,
          },
        },
      },
      '/v1/tasks/{id}/retry': {
        parameters: [idParameter],
        post: {
          operationId: 'retryTask',
          summary: 'Give a dead task a fresh set of attempts (admins).',
          responses: {
            '202': { description: 'Queued again.', content: json(ref('Task')) },
            '403': problem('Not an admin.'),
            '404': problem('No such task.'),
            '409': problem('The task is not dead.'),
            ...commonErrors,
          },
        },
      },
      '/health/live': {
        get: {
          operationId: 'live',
          summary: 'Liveness: the process answers (Kubernetes restarts it when this fails).',
          security: [],
          responses: { '200': { description: 'The process is alive.' } },
        },
      },
      '/health/ready': {
        get: {
          operationId: 'ready',
          summary: "Readiness: the database is up and migrated and the process is not shutting down; each dependency's state.",
          security: [],
          responses: {
            '200': { description: 'Ready for traffic.', content: json(ref('Health')) },
            '503': { description: 'Not ready.', content: json(ref('Health')) },
          },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: "Every dependency's state and breaker, for people.",
          security: [],
          responses: {
            '200': { description: 'Healthy.', content: json(ref('Health')) },
            '503': { description: 'Not ready.', content: json(ref('Health')) },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics (with METRICS_TOKEN set, as a bearer token).',
          security: [{}, { metricsToken: [] }],
          responses: {
            '200': { description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } },
            '401': problem('METRICS_TOKEN is set and was not sent.'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This contract as OpenAPI 3.1.',
          security: [],
          responses: { '200': { description: 'This document.' } },
        },
      },
      '/problems/{code}': {
        get: {
          operationId: 'problemType',
          summary: 'What a problem type means: the page its `type` URI names.',
          security: [],
          parameters: [
            {
              name: 'code',
              in: 'path',
              required: true,
              schema: { type: 'string' },
              description: "As in a problem's type, such as validation-failed.",
            },
          ],
          responses: {
            '200': {
              description: 'Its status, title and description.',
              content: json({
                type: 'object',
                required: ['type', 'title', 'description'],
                properties: {
                  type: { type: 'string' },
                  status: { type: ['integer', 'null'] },
                  title: { type: 'string' },
                  description: { type: 'string' },
                },
              }),
            },
            '404': problem('No such problem type.'),
          },
        },
      },
      '/docs': {
        get: {
          operationId: 'docs',
          summary: 'This contract as an interactive reference (HTML, for people).',
          security: [],
          responses: { '200': { description: 'The page.' } },
        },
      },
      '/': {
        get: {
          operationId: 'index',
          summary: 'A browser is sent to /docs; a program gets where the documents are.',
          security: [],
          responses: {
            '200': {
              description: "The documents' paths.",
              content: json({
                type: 'object',
                properties: { docs: { type: 'string' }, openapi: { type: 'string' }, asyncapi: { type: 'string' } },
              }),
            },
            '302': { description: 'To /docs (Accept: text/html).' },
          },
        },
      },
      '/asyncapi.json': {
        get: {
          operationId: 'asyncapi',
          summary: 'The profile events this service publishes, as AsyncAPI 3.0.',
          security: [],
          responses: { '200': { description: "The events' document." } },
        },
      },
    }),
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT checked as RFC8725 (JWT best current practices) advises: the algorithm pinned (HS256; never none), the signature, exp and nbf (with AUTH_CLOCK_TOLERANCE), and iss and aud when AUTH_ISSUER and AUTH_AUDIENCE are set.',
        },
        metricsToken: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Profile: component(profileSchema),
        CreateProfile: component(createProfileSchema),
        ProfilePatch: component(profilePatchSchema),
        ProfilePage: component(profilePageSchema),
        ProfileBatch: component(profileBatchSchema),
        Problem: component(problemSchema),
        Health: component(healthSchema),
        Task: component(taskSchema),
      },
    },
  };
}
