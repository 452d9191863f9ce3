// Every error becomes an RFC 9457 problem document here, and only here: domain errors by
// kind, the edge's own problems by code, anything else as a 500 with no detail. The two tables
// below are the only places a status is chosen for an error.
import {
  DependencyUnavailableError,
  DomainError,
  UniquenessConflictError,
  ValidationError,
  VersionMismatchError,
  type ErrorKind,
} from '../../domain/errors.js';

export interface ProblemMember {
  readonly pointer?: string;
  readonly parameter?: string;
  readonly message: string;
}

/** The HTTP edge's own problems (a request the core never sees), each code with its status. */
export const STATUS_BY_EDGE_CODE = {
  malformed_body: 400,
  invalid_query: 400,
  invalid_idempotency_key: 400,
  authentication_required: 401,
  invalid_token: 401,
  idempotency_key_in_use: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  /** A multipart upload without its file part. */
  validation_failed: 422,
  idempotency_key_reused: 422,
  precondition_required: 428,
  rate_limited: 429,
  starting: 503,
} as const satisfies Record<string, number>;

export type EdgeProblemCode = keyof typeof STATUS_BY_EDGE_CODE;

/** An error of the HTTP edge itself: malformed request, missing precondition, and so on. */
export class HttpProblem extends Error {
  readonly status: number;

  constructor(
    readonly code: EdgeProblemCode,
    readonly detail: string,
    readonly extra: { headers?: Record<string, string>; errors?: readonly ProblemMember[] } = {},
  ) {
    super(detail);
    this.status = STATUS_BY_EDGE_CODE[code];
  }
}

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly headers: Record<string, string>;
  readonly errors?: readonly ProblemMember[];
  /** False for faults of ours: logged with their stack, never shown. */
  readonly expected: boolean;
}

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 422,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  forbidden: 403,
  // An upload of a type the core does not take is, over HTTP, an unsupported media type.
  unsupported_input: 415,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The problem for a bare status that a middleware set without a body (router 404, 405, 501). */
const BARE_STATUS: Record<number, { code: string; detail: string }> = {
  404: { code: 'route_not_found', detail: 'No resource lives at this path.' },
  405: { code: 'method_not_allowed', detail: 'This resource does not support that method; see the Allow header.' },
  501: { code: 'not_implemented', detail: 'This server does not implement that method.' },
};

export function problemForStatus(status: number): Problem {
  const known = BARE_STATUS[status] ?? { code: 'http_error', detail: TITLES[status] ?? 'Request failed.' };
  return { status, ...known, headers: {}, expected: true };
}

export function problemFor(error: unknown): Problem {
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      code: error.code,
      detail: error.detail,
      headers: error.extra.headers ?? {},
      ...(error.extra.errors ? { errors: error.extra.errors } : {}),
      expected: true,
    };
  }
  if (error instanceof DomainError) return domainProblem(error);
  if (isClientHttpError(error)) return bodyParserProblem(error);
  return {
    status: 500,
    code: 'internal_error',
    headers: {},
    expected: false,
    detail: 'The server failed to handle this request. Quote the request id when you report it.',
  };
}

function domainProblem(error: DomainError): Problem {
  const status = STATUS_BY_KIND[error.kind];
  const base = { status, code: error.code, detail: error.message, headers: {} as Record<string, string>, expected: true };
  if (error instanceof ValidationError) return { ...base, detail: 'The request has invalid members.', errors: error.errors };
  if (error instanceof UniquenessConflictError) return { ...base, errors: [{ pointer: error.pointer, message: error.message }] };
  // The core speaks of versions; a client sends them as entity tags.
  if (error instanceof VersionMismatchError && error.actual !== null)
    return { ...base, detail: `${error.message} Read it again and retry with its ETag.` };
  if (error instanceof DependencyUnavailableError) {
    return {
      ...base,
      detail: 'A service this request needs is unavailable. Try again shortly.',
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  return base;
}

/** Errors thrown by Koa and koa-body (http-errors, co-body) carry a 4xx `status`. */
function isClientHttpError(error: unknown): error is { status: number; message: string; type?: string } {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function bodyParserProblem(error: { status: number; message: string; type?: string }): Problem {
  const known: Record<number, { code: string; detail: string }> = {
    400: { code: 'malformed_body', detail: `The request body is not a valid JSON object: ${error.message}` },
    413: { code: 'body_too_large', detail: 'The request body is larger than this endpoint accepts.' },
    415: { code: 'unsupported_media_type', detail: 'The request body has a media type this endpoint does not accept.' },
  };
  return { status: error.status, ...(known[error.status] ?? problemForStatus(error.status)), headers: {}, expected: true };
}

/** `/problems/<slug>`: the code with hyphens, as problem documents name it (problem-types.ts serves each). */
export const problemSlug = (code: string) => code.replaceAll('_', '-');

export function problemDocument(problem: Problem, requestId: string, instance: string): Record<string, unknown> {
  return {
    type: `/problems/${problemSlug(problem.code)}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance,
    requestId,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}
