import type { Clock } from '../../domain/ports/clock.js';
import type { SqlExecutor } from './sql.js';

/** What claiming a key finds: the shape of the HTTP edge's IdempotencyStore, kept here as JSON. */
export type KeyClaim<Response> =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'replay'; readonly response: Response }
  | { readonly outcome: 'mismatch' };

/**
 * Requests remembered by idempotency key in the idempotency_keys table, with the response
 * first sent (any JSON value). Serves the HTTP edge's IdempotencyStore.
 */
export class SqlIdempotencyStore<Response = unknown> {
  constructor(
    private readonly db: SqlExecutor,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<KeyClaim<Response>> {
    const now = this.clock.now();
    // One statement, so two racing claims cannot both win: an expired record is replaced,
    // a live one is left alone and read back.
    const { rows } = await this.db.query<{ claimed: boolean; fingerprint: string; response: Response | null }>(
      `WITH claimed AS (
         INSERT INTO idempotency_keys (key, fingerprint, response, expires_at) VALUES ($1, $2, NULL, $3)
         ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, response = NULL, expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= $4
         RETURNING true AS claimed, fingerprint, response)
       SELECT claimed, fingerprint, response FROM claimed
       UNION ALL
       SELECT false, fingerprint, response FROM idempotency_keys WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM claimed)`,
      [key, fingerprint, new Date(now.getTime() + ttlMs), now],
    );
    const row = rows[0];
    if (!row || row.claimed) return { outcome: 'claimed' };
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    return row.response === null ? { outcome: 'in_progress' } : { outcome: 'replay', response: row.response };
  }

  async complete(key: string, response: Response): Promise<void> {
    await this.db.query('UPDATE idempotency_keys SET response = $2 WHERE key = $1', [key, JSON.stringify(response)]);
  }

  async release(key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
  }
}
