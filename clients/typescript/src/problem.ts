// Every answer that is not a success becomes a ProblemError: the service's RFC 9457 problem
// details, typed, with the status and Retry-After of the response.
import type { Problem } from './types.js';

export type ProblemFieldError = NonNullable<Problem['errors']>[number];

export class ProblemError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The problem type (a URI reference naming the kind of error). */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** Each invalid part of the request: a body member by JSON pointer, or a query parameter. */
  readonly errors: readonly ProblemFieldError[];
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again, when the service said so (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Partial<Problem>, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The error of a failed response; `body` is what openapi-fetch parsed of it (a problem, or nothing). */
  static of(response: Response, body: unknown): ProblemError {
    const problem = typeof body === 'object' && body !== null ? (body as Partial<Problem>) : {};
    return new ProblemError(response.status, problem, retryAfterSeconds(response));
  }
}

/** Retry-After in seconds: a number of seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(response: Response, now = Date.now()): number | undefined {
  const header = response.headers.get('Retry-After');
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
