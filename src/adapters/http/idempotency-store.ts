// The HTTP edge's own port: requests remembered by Idempotency-Key, so that a retried POST
// gets the first response again. Its stores: in process (memory-idempotency-store.ts) and in
// the database (postgres/sql-idempotency-store.ts, which matches this shape).
/** A response as it was first sent, kept so that a retried request gets it again. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type IdempotencyClaim =
  /** First use of the key: go ahead, then `complete` or `release` it. */
  | { readonly outcome: 'claimed' }
  /** Another request with this key is being handled right now. */
  | { readonly outcome: 'in_progress' }
  /** Done before with the same request: send this response again. */
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  /** Done before with a different request under the same key. */
  | { readonly outcome: 'mismatch' };

/** Remembers requests by idempotency key, scoped by the caller, for a limited time. */
export interface IdempotencyStore {
  claim(key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyClaim>;
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Forgets a claim whose request failed, so the client may try again. */
  release(key: string): Promise<void>;
}
