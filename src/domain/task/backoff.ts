/** How retries of a failed attempt spread out. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  readonly baseMs: number;
  /** No delay is longer than this. */
  readonly maxMs: number;
}

/**
 * Exponential backoff with jitter: the delay after attempt n is base * 2^(n-1), capped, then
 * scaled into [50%, 100%] by `random` so that tasks failing together do not retry together.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random / 2));
}
