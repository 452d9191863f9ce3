// The JSON Schemas of the HTTP contract. Requests are validated against them, and
// /openapi.json is built from them, so the document cannot drift from what is enforced.
// Shape (types, members) and the domain's limits, as bounds on the text as sent (lengths,
// the handle's characters), are checked here, so that generated clients and validating proxies
// know them too; the content rules themselves (lengths after normalization, reserved handles,
// URL rules) are the domain's, which reports them under the same pointers.
import { EMAIL_MAX_LENGTH } from '../../domain/profile/email.js';
import { HANDLE_LENGTH } from '../../domain/profile/handle.js';
import type { TextRule } from '../../domain/profile/plain-text.js';
import { EDITABLE_MEMBERS, type EditableMember } from '../../domain/profile/profile.js';
import { Bio, DisplayName, Location } from '../../domain/profile/text-members.js';
import { WEBSITE_MAX_LENGTH } from '../../domain/profile/website.js';
import { TASK_STATUSES, TASK_TYPES } from '../../domain/task/task.js';

/** Members a client may read but never send. */
export const READ_ONLY_MEMBERS = ['id', 'createdAt', 'updatedAt', 'version', 'avatar'] as const;

const text = (description: string, nullable = false, bounds: { minLength?: number; maxLength?: number; pattern?: string } = {}) => ({
  type: nullable ? ['string', 'null'] : 'string',
  ...bounds,
  description,
});

/** A handle as sent: its characters, any case, maybe with spaces around (trimmed and lower-cased before the domain's rules). */
const HANDLE_PATTERN = `^\\s*[A-Za-z][A-Za-z0-9_]{${HANDLE_LENGTH.min - 1},${HANDLE_LENGTH.max - 1}}\\s*$`;
const bounded = ({ minLength, maxLength }: TextRule) => ({ ...(minLength > 0 ? { minLength } : {}), maxLength });

/** The members a new profile must have (the others start empty). */
export const REQUIRED_ON_CREATE = ['handle', 'email', 'displayName'] as const satisfies readonly EditableMember[];

/** Each editable member (the domain's list: the compiler holds this to exactly those) with its rule in words. */
const editable: Record<EditableMember, ReturnType<typeof text>> = {
  handle: text(
    `${HANDLE_LENGTH.min}-${HANDLE_LENGTH.max} of a-z, 0-9 and _, starting with a letter; case-insensitive, stored lower case; unique; not a reserved word.`,
    false,
    { pattern: HANDLE_PATTERN },
  ),
  email: text(
    `A valid e-mail address of at most ${EMAIL_MAX_LENGTH} characters, unique case-insensitively. Shown only to the owner and admins.`,
    false,
    { maxLength: EMAIL_MAX_LENGTH },
  ),
  displayName: text(
    `${DisplayName.rule.minLength}-${DisplayName.rule.maxLength} characters of plain text (NFC, trimmed, control and invisible characters removed).`,
    false,
    bounded(DisplayName.rule),
  ),
  bio: text(`0-${Bio.rule.maxLength} characters of plain text; newlines allowed. null resets it to empty.`, true, bounded(Bio.rule)),
  location: text(`0-${Location.rule.maxLength} characters of plain text. null resets it to empty.`, true, bounded(Location.rule)),
  website: text(`An absolute http or https URL without credentials, at most ${WEBSITE_MAX_LENGTH} characters. null removes it.`, true, {
    maxLength: WEBSITE_MAX_LENGTH,
  }),
};

export const createProfileSchema = {
  $id: 'CreateProfile',
  type: 'object',
  additionalProperties: false,
  required: [...REQUIRED_ON_CREATE],
  properties: {
    ownerId: text('The owner (a token subject). Defaults to the caller; only admins may name another owner.'),
    ...editable,
  },
};

export const profilePatchSchema = {
  $id: 'ProfilePatch',
  description: 'A JSON Merge Patch (RFC 7396) of the editable members. handle, email and displayName cannot be removed.',
  type: 'object',
  additionalProperties: false,
  // Every editable member, each nullable: null removes an optional one (the domain refuses it for a required one).
  properties: Object.fromEntries(EDITABLE_MEMBERS.map((member) => [member, { ...editable[member], type: ['string', 'null'] }])),
};

export const profileSchema = {
  $id: 'Profile',
  type: 'object',
  required: ['id', 'ownerId', 'handle', 'displayName', 'bio', 'location', 'website', 'avatar', 'createdAt', 'updatedAt', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid', readOnly: true },
    ownerId: { type: 'string', readOnly: true },
    handle: { type: 'string' },
    email: { type: 'string', description: 'Present only for the owner and admins.' },
    displayName: { type: 'string' },
    bio: { type: 'string' },
    location: { type: 'string' },
    website: { type: ['string', 'null'] },
    avatar: {
      readOnly: true,
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['status', 'url'],
          properties: {
            status: { enum: ['processing', 'ready', 'failed'], description: 'How processing of the newest upload went.' },
            url: {
              type: ['string', 'null'],
              description:
                'The avatar shown: the newest upload that became ready (null before any did). Its `v` is never reused for other bytes.',
            },
            task: { type: 'string', description: 'The task processing the newest upload; shown to the owner and admins.' },
          },
        },
      ],
    },
    createdAt: { type: 'string', format: 'date-time', readOnly: true },
    updatedAt: { type: 'string', format: 'date-time', readOnly: true },
    version: { type: 'integer', minimum: 1, readOnly: true },
  },
};

/** The most ids one batch read takes (after duplicates collapse). */
export const MAX_BATCH_IDS = 100;
/** The most results one search page holds. */
export const MAX_SEARCH_LIMIT = 50;
/** The largest page of the list. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const profilePageSchema = {
  $id: 'ProfilePage',
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', maxItems: MAX_PAGE_SIZE, items: { $ref: '#/components/schemas/Profile' } },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
  },
};

export const profileBatchSchema = {
  $id: 'ProfileBatch',
  type: 'object',
  description: 'The answer to `ids`: the live profiles found, in the order asked, and the ids that have none.',
  required: ['items', 'missing'],
  properties: {
    items: { type: 'array', maxItems: MAX_BATCH_IDS, items: { $ref: '#/components/schemas/Profile' } },
    missing: {
      type: 'array',
      maxItems: MAX_BATCH_IDS,
      items: { type: 'string', format: 'uuid' },
      description: 'Ids with no profile, or a deleted one.',
    },
  },
};

export const listProfilesQuerySchema = {
  $id: 'ListProfilesQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      description: `Page size, 1-${MAX_PAGE_SIZE} (with q: 1-${MAX_SEARCH_LIMIT}).`,
    },
    cursor: { type: 'string', maxLength: 200, description: 'The nextCursor of the previous page (opaque).' },
    handlePrefix: { type: 'string', minLength: 1, maxLength: 30, description: 'Only handles starting with this (case-insensitive).' },
    q: {
      type: 'string',
      maxLength: 256,
      description:
        'Search: live profiles whose handle or display name matches, fuzzily or by prefix (2-64 characters after ' +
        'the normalisation of display names), best matches first, ties by handle. Not with handlePrefix or ids.',
    },
    ids: {
      type: 'string',
      maxLength: 4000,
      description:
        `Batch read: 1-${MAX_BATCH_IDS} comma-separated profile ids (duplicates collapse); answers a ProfileBatch ` +
        '{items, missing} instead of a page. Not with q, handlePrefix, limit or cursor.',
    },
  },
};

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description:
        'Each invalid part of the request: a body member as {pointer, message}, a query parameter as {parameter, message} (RFC 9457 leaves the member names to the API).',
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer to the body member at fault.' },
          parameter: { type: 'string', description: 'The query parameter at fault.' },
          message: { type: 'string' },
        },
      },
    },
  },
};

export const healthSchema = {
  $id: 'Health',
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { enum: ['up', 'down'] },
    phase: { enum: ['starting', 'ready', 'stopping'] },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status', 'critical'],
        properties: {
          status: { enum: ['up', 'degraded', 'down'] },
          critical: { type: 'boolean' },
          breaker: { enum: ['closed', 'half-open', 'open'], description: 'The circuit breaker guarding calls to it.' },
        },
      },
    },
  },
};

export const taskSchema = {
  $id: 'Task',
  type: 'object',
  required: ['id', 'type', 'status', 'attempts', 'maxAttempts', 'runAt', 'lastError', 'result', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', enum: TASK_TYPES },
    status: { type: 'string', enum: TASK_STATUSES },
    attempts: { type: 'integer', minimum: 0 },
    maxAttempts: { type: 'integer', minimum: 1 },
    runAt: { type: 'string', format: 'date-time' },
    lastError: { type: ['string', 'null'] },
    result: {
      description:
        'What the task produced: the renditions made, or for an import the counts created and failed, with each failed line and why.',
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;
