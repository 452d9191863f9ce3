// Retries of 429 and 503, honouring Retry-After, as a fetch that openapi-fetch calls. Only what
// may safely be sent twice is retried: idempotent methods, and any request carrying an
// Idempotency-Key (the service replays the first answer to a repeated key).
import { retryAfterSeconds } from './problem.js';

export interface RetryOptions {
  /** Further attempts after the first; 0 turns retries off. */
  readonly retries: number;
  /** The wait before the first retry when the service gave no Retry-After; doubled for each next one. */
  readonly baseDelayMs: number;
  /** A wait longer than this (a Retry-After of minutes) is not waited for: the answer is returned. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, baseDelayMs: 250, maxDelayMs: 30_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRIED_STATUSES = new Set([429, 503]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function retryingFetch(
  send: (request: Request) => Promise<Response>,
  options: RetryOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const retryable = IDEMPOTENT.has(request.method) || request.headers.has('Idempotency-Key');
    for (let attempt = 0; ; attempt++) {
      // A clone per attempt: a body can be read only once.
      const response = await send(retryable ? request.clone() : request);
      if (!retryable || attempt >= options.retries || !RETRIED_STATUSES.has(response.status)) return response;
      const told = retryAfterSeconds(response);
      const delayMs = told === undefined ? options.baseDelayMs * 2 ** attempt : told * 1000;
      if (delayMs > options.maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delayMs);
    }
  };
}
