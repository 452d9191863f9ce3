// What each problem `type` (/problems/<code>) means, served at that path: every problem this
// service answers with has its page. The record's key type lists every code the edge and the
// domain can give, so a new one does not compile until it is described here.
import type {
  AvatarNotFoundError,
  DependencyUnavailableError,
  ForbiddenError,
  InvalidImageError,
  ProfileNotFoundError,
  RestoreWindowClosedError,
  TaskNotFoundError,
  TaskNotRetryableError,
  UniquenessConflictError,
  UnsupportedImageTypeError,
  ValidationError,
  VersionMismatchError,
} from '../../domain/errors.js';
import type { EdgeProblemCode } from './problem.js';

type DomainCode = (
  | ValidationError
  | ProfileNotFoundError
  | TaskNotFoundError
  | TaskNotRetryableError
  | AvatarNotFoundError
  | UnsupportedImageTypeError
  | InvalidImageError
  | UniquenessConflictError
  | RestoreWindowClosedError
  | VersionMismatchError
  | ForbiddenError
  | DependencyUnavailableError
)['code'];

/** Problems with no error behind them: a status a router or the server set. */
type BareCode = 'route_not_found' | 'method_not_allowed' | 'not_implemented' | 'http_error' | 'internal_error';

export type ProblemCode = EdgeProblemCode | DomainCode | BareCode;

export interface ProblemType {
  /** The status it comes with (a bare HTTP error: any 4xx or 5xx). */
  readonly status: number | null;
  readonly title: string;
  /** What happened, and what to do about it. */
  readonly description: string;
}

export const PROBLEM_TYPES: Record<ProblemCode, ProblemType> = {
  malformed_body: {
    status: 400,
    title: 'The body cannot be read',
    description: 'The body is empty, is not JSON, or its Content-Encoding does not match its bytes. Send one JSON object.',
  },
  invalid_query: {
    status: 400,
    title: 'Invalid query parameters',
    description:
      '`errors` names each parameter at fault (a limit out of range, a cursor this service never issued, parameters that cannot be combined).',
  },
  invalid_idempotency_key: { status: 400, title: 'Invalid Idempotency-Key', description: 'The key must be 1 to 255 printable characters.' },
  authentication_required: {
    status: 401,
    title: 'A bearer token is needed',
    description: 'Send Authorization: Bearer <token>; see WWW-Authenticate.',
  },
  invalid_token: {
    status: 401,
    title: 'The token is not accepted',
    description: "It is malformed, expired, not yet valid, or not signed by this service's issuer. Get a new one.",
  },
  idempotency_key_in_use: {
    status: 409,
    title: 'The same create is in progress',
    description: 'Another request with this Idempotency-Key has not finished: retry after a moment to get its answer.',
  },
  body_too_large: {
    status: 413,
    title: 'The body is too large',
    description: 'JSON bodies are limited by BODY_LIMIT_BYTES, avatars by AVATAR_MAX_BYTES, imports by IMPORT_MAX_BYTES.',
  },
  unsupported_media_type: {
    status: 415,
    title: "The body's media type is not accepted",
    description: "See the operation's request body in /openapi.json (PATCH takes application/merge-patch+json; see Accept-Patch).",
  },
  validation_failed: {
    status: 422,
    title: 'Invalid members',
    description: '`errors` names each member at fault by JSON pointer, with its rule.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'The Idempotency-Key was used for another body',
    description: 'A key stands for one request: use a new key for a different body.',
  },
  precondition_required: {
    status: 428,
    title: 'If-Match is needed',
    description: 'Send If-Match with the ETag of the version you change (or * for any version).',
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    description: 'Wait Retry-After seconds; RateLimit-* headers tell the limit and what is left of it.',
  },
  starting: {
    status: 503,
    title: 'The service is starting',
    description: 'It has not reached its database yet; retry after Retry-After seconds.',
  },
  profile_not_found: {
    status: 404,
    title: 'No such profile',
    description: 'No profile has this id, or it was deleted (an owner or an admin may restore it within its grace period).',
  },
  task_not_found: { status: 404, title: 'No such task', description: 'No task has this id, or it is not yours.' },
  task_not_dead: { status: 409, title: 'The task is not dead', description: 'Only a task that used up its attempts can be retried.' },
  avatar_not_found: {
    status: 404,
    title: 'No avatar shown',
    description: 'The profile has no avatar ready, or not at the version asked for.',
  },
  unsupported_image_type: { status: 415, title: 'Not an image this service takes', description: 'Upload JPEG, PNG or WebP.' },
  image_unreadable: {
    status: 422,
    title: 'The image cannot be read',
    description: 'The bytes are not a whole image of the type they claim to be.',
  },
  image_too_large: {
    status: 422,
    title: 'The image is too large',
    description: 'Its sides may not exceed the limit /openapi.json states for uploadAvatar.',
  },
  handle_taken: { status: 409, title: 'The handle is taken', description: 'Another profile has it (case ignored). Choose another.' },
  email_taken: { status: 409, title: 'The e-mail address is taken', description: 'Another profile has it (case ignored).' },
  owner_has_profile: {
    status: 409,
    title: 'The owner has a profile already',
    description: 'Each owner has one profile: change it instead.',
  },
  restore_window_closed: {
    status: 409,
    title: 'Too late to restore',
    description: "The profile's grace period (PURGE_GRACE_PERIOD) is over: it is erased, or about to be.",
  },
  version_mismatch: {
    status: 412,
    title: 'The profile changed meanwhile',
    description: 'If-Match names an older version: read it again, and apply your change to what you read.',
  },
  forbidden: { status: 403, title: 'Not yours', description: 'Only the owner of the profile (or an admin) may do this.' },
  dependency_unavailable: {
    status: 503,
    title: 'A service this request needs is unavailable',
    description:
      'The database, the cache or the queue did not answer, or searches are at their limit (SEARCH_CONCURRENCY): retry after Retry-After seconds.',
  },
  route_not_found: {
    status: 404,
    title: 'No resource at this path',
    description: 'See /openapi.json or /docs for the paths this service serves.',
  },
  method_not_allowed: { status: 405, title: 'Method not allowed here', description: 'The Allow header lists the methods this path takes.' },
  not_implemented: { status: 501, title: 'Method not implemented', description: 'This server does not implement that HTTP method.' },
  http_error: {
    status: null,
    title: 'HTTP error',
    description: 'A request the server refused at the protocol level; the status says why.',
  },
  internal_error: {
    status: 500,
    title: 'The server failed',
    description: 'A fault of ours, logged with the request id: quote requestId when you report it.',
  },
};
