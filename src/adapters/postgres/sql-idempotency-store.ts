import type { Clock } from '../../domain/ports/clock.js';
import type { IdempotencyOutcome, IdempotencyStore, IdempotentRequest, StoredResponse } from '../dependencies/idempotency-store.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

/**
 * Requests remembered by idempotency key in the idempotency_keys table, with the response
 * first sent.
 *
 * The key, the request's writes and its response commit in one transaction, which the request's
 * statements join (an ambient transaction, ambient-transactions.ts): a request interrupted at
 * any point (a lost connection, a deadline) leaves neither its writes nor its key, and one that
 * committed always left its response. A second request with the same key waits on the first's
 * uncommitted key, then replays its response, or runs if the first left nothing.
 */
export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Pick<SqlDriver, 'transaction'>,
    private readonly clock: Clock,
  ) {}

  handle({ key, fingerprint, ttlMs }: IdempotentRequest, handle: () => Promise<StoredResponse | null>): Promise<IdempotencyOutcome> {
    return this.db.transaction(
      async (tx) => {
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
      },
      { ambient: true },
    );
  }

  /** What an earlier request under the key left (read anew: it may have committed while this one waited). */
  private async earlier(tx: SqlExecutor, key: string, fingerprint: string): Promise<IdempotencyOutcome> {
    const { rows } = await tx.query<{ fingerprint: string; response: StoredResponse | null }>(
      'SELECT fingerprint, response FROM idempotency_keys WHERE key = $1',
      [key],
    );
    const row = rows[0];
    if (row === undefined) return { outcome: 'in_progress' };
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    // A response-less key is one that a version before this one claimed and has yet to complete.
    return row.response === null ? { outcome: 'in_progress' } : { outcome: 'replay', response: row.response };
  }
}
