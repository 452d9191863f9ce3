import type { Clock } from '../../domain/ports/clock.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

/** What the HTTP edge's IdempotencyStore takes and answers, for any JSON-shaped response. */
export interface KeyedRequest {
  readonly key: string;
  readonly fingerprint: string;
  readonly ttlMs: number;
}

export type KeyOutcome<Response> =
  | { readonly outcome: 'handled' }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'replay'; readonly response: Response }
  | { readonly outcome: 'mismatch' };

/**
 * Requests remembered by idempotency key in the idempotency_keys table, with the response
 * first sent (any JSON value). Serves the HTTP edge's IdempotencyStore.
 *
 * The key, the request's writes and its response commit in one transaction, which the request's
 * statements join (an ambient transaction, ambient-transactions.ts): a request interrupted at
 * any point (a lost connection, a deadline) leaves neither its writes nor its key, and one that
 * committed always left its response. A second request with the same key waits on the first's
 * uncommitted key, then replays its response, or runs if the first left nothing.
 */
export class SqlIdempotencyStore<Response = unknown> {
  constructor(
    private readonly db: Pick<SqlDriver, 'transaction'>,
    private readonly clock: Clock,
  ) {}

  handle({ key, fingerprint, ttlMs }: KeyedRequest, handle: () => Promise<Response | null>): Promise<KeyOutcome<Response>> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      // A live key is left alone; an expired one is taken over.
      const { rows: claimed } = await tx.query(
        `INSERT INTO idempotency_keys (key, fingerprint, response, expires_at) VALUES ($1, $2, NULL, $3)
         ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, response = NULL, expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= $4
         RETURNING 1`,
        [key, fingerprint, new Date(now.getTime() + ttlMs), now],
      );
      if (claimed.length === 0) return this.earlier(tx, key, fingerprint);
      const response = await handle();
      if (response === null) await tx.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
      else await tx.query('UPDATE idempotency_keys SET response = $2 WHERE key = $1', [key, JSON.stringify(response)]);
      return { outcome: 'handled' } as const;
    }, { ambient: true });
  }

  /** What an earlier request under the key left (read anew: it may have committed while this one waited). */
  private async earlier(tx: SqlExecutor, key: string, fingerprint: string): Promise<KeyOutcome<Response>> {
    const { rows } = await tx.query<{ fingerprint: string; response: Response | null }>('SELECT fingerprint, response FROM idempotency_keys WHERE key = $1', [key]);
    const row = rows[0];
    if (row === undefined) return { outcome: 'in_progress' };
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    // A response-less key is one that a version before this one claimed and has yet to complete.
    return row.response === null ? { outcome: 'in_progress' } : { outcome: 'replay', response: row.response };
  }
}
