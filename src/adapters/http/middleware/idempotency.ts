// Idempotency-Key on POST: the first response (2xx) is kept for a day and replayed to a retry
// with the same key and body; the same key with another body is refused.
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { IdempotencyStore } from '../idempotency-store.js';
import { principalOf, type AppState } from '../context.js';
import { HttpProblem } from '../problem.js';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

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
    const fingerprint = createHash('sha256').update(JSON.stringify(ctx.request.body ?? null)).digest('base64url');
    const claim = await store.claim(scopedKey, fingerprint, ttlMs);
    switch (claim.outcome) {
      case 'mismatch':
        throw new HttpProblem('idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
      case 'in_progress':
        throw new HttpProblem('idempotency_key_in_use', 'A request with this Idempotency-Key is still being handled.', {
          headers: { 'Retry-After': '1' },
        });
      case 'replay':
        ctx.status = claim.response.status;
        ctx.set({ ...claim.response.headers, 'Idempotent-Replayed': 'true' });
        ctx.body = claim.response.body;
        return;
      case 'claimed':
        break;
    }
    try {
      await next();
    } catch (error) {
      await store.release(scopedKey);
      throw error;
    }
    if (ctx.status >= 200 && ctx.status < 300) {
      const headers = Object.fromEntries(REPLAYED_HEADERS.filter((h) => ctx.response.get(h) !== '').map((h) => [h, ctx.response.get(h)]));
      await store.complete(scopedKey, { status: ctx.status, headers, body: ctx.body });
    } else {
      await store.release(scopedKey);
    }
  };
}
