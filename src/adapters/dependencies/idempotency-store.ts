// The HTTP edge's store of requests remembered by Idempotency-Key, so that a retried POST gets
// the first response again. Its stores: in process (http/memory-idempotency-store.ts) and in
// the database (postgres/sql-idempotency-store.ts), beside the rest of the request's writes.
/** A response as it was first sent, kept so that a retried request gets it again. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A request under an idempotency key (scoped by the caller), and how long its key holds. */
export interface IdempotentRequest {
  readonly key: string;
  /** What the request asked (its body's digest): the same key with another request is refused. */
  readonly fingerprint: string;
  readonly ttlMs: number;
}

export type IdempotencyOutcome =
  /** First use of the key: the request was handled now. */
  | { readonly outcome: 'handled' }
  /** Another request with this key is being handled right now. */
  | { readonly outcome: 'in_progress' }
  /** Done before with the same request: send this response again. */
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  /** Done before with a different request under the same key. */
  | { readonly outcome: 'mismatch' };

/** Remembers requests by idempotency key for a limited time. */
export interface IdempotencyStore {
  /**
   * Handles `request` once: when its key is new, runs `handle` and keeps the response it
   * resolves with (null keeps nothing: the key stays free); when the key was used, says how.
   * The key is kept exactly when what `handle` wrote is: a failure anywhere (a thrown error,
   * a lost connection) leaves the key free for a retry, never taken without its response.
   */
  handle(request: IdempotentRequest, handle: () => Promise<StoredResponse | null>): Promise<IdempotencyOutcome>;
}
