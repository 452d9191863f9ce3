// Idempotency-Key on POST: the first response (2xx) is kept for a day and replayed to a retry
// with the same key and body; the same key with another body is refused. The key is kept
// together with what the request wrote (see IdempotencyStore.handle): a request that failed
// half-way, even after its write reached the database, leaves the key free for the retry.
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { IdempotencyStore, StoredResponse } from '../../dependencies/idempotency-store.js';
import { principalOf, type AppContext, type AppState } from '../context.js';
import { HttpProblem } from '../problem.js';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

/** The response the handler made, to keep: a success only (a refusal may go otherwise next time). */
function keptResponse(ctx: AppContext): StoredResponse | null {
  if (ctx.status < 200 || ctx.status >= 300) return null;
  const headers = Object.fromEntries(REPLAYED_HEADERS.filter((h) => ctx.response.get(h) !== '').map((h) => [h, ctx.response.get(h)]));
  return { status: ctx.status, headers, body: ctx.body };
}

export function idempotent(store: IdempotencyStore, ttlMs: number): Middleware<AppState> {
  return async (ctx, next) => {
    const key = ctx.get('Idempotency-Key');
    if (key === '') {
      await next();
      return;
    }
    if (!VALID_KEY.test(key)) {
      throw new HttpProblem('invalid_idempotency_key', 'Idempotency-Key must be 1-255 printable ASCII characters.');
    }
    // A JSON array keeps the parts apart whatever they contain, in a form any store can keep.
    const scopedKey = JSON.stringify([principalOf(ctx).subject, `${ctx.method} ${ctx.path}`, key]);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(ctx.request.body ?? null))
      .digest('base64url');
    const handled = await store.handle({ key: scopedKey, fingerprint, ttlMs }, async () => {
      await next();
      return keptResponse(ctx);
    });
    switch (handled.outcome) {
      case 'mismatch':
        throw new HttpProblem('idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
      case 'in_progress':
        throw new HttpProblem('idempotency_key_in_use', 'A request with this Idempotency-Key is still being handled.', {
          headers: { 'Retry-After': '1' },
        });
      case 'replay':
        ctx.status = handled.response.status;
        ctx.set({ ...handled.response.headers, 'Idempotent-Replayed': 'true' });
        ctx.body = handled.response.body;
        return;
      case 'handled':
        return;
    }
  };
}
