// Accepts a JSON body of the named media types only (415 otherwise), with a size limit (413).
// What cannot be read as JSON (a body whose Content-Encoding lies, say), or no body at all, is 400; JSON nested
// deeper than any request of this API needs is 422, before anything walks it recursively.
import type { Middleware } from 'koa';
import { ValidationError } from '../../../domain/errors.js';
import { HttpProblem } from '../problem.js';
import { lazyKoaBody } from './lazy-koa-body.js';

/** No body of this API nests more than a few levels; this leaves room and stays far from any stack limit. */
export const MAX_JSON_DEPTH = 32;

export function jsonBody(mediaTypes: readonly string[], limitBytes: number): Middleware {
  const parse = lazyKoaBody({
    json: true,
    urlencoded: false,
    text: false,
    multipart: false,
    jsonTypes: [...mediaTypes],
    jsonLimit: limitBytes,
    jsonStrict: true,
    // The text as sent: an empty body parses to {} and would pass as an empty object.
    includeUnparsed: true,
  });
  return async (ctx, next) => {
    if (!ctx.is(...mediaTypes)) {
      throw new HttpProblem('unsupported_media_type', `Send the body as ${mediaTypes.join(' or ')}.`, {
        headers: ctx.method === 'PATCH' ? { 'Accept-Patch': mediaTypes.join(', ') } : {},
      });
    }
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
        const raw = (ctx.request as { rawBody?: unknown }).rawBody;
        if (typeof raw !== 'string' || raw.trim() === '') {
          throw new HttpProblem('malformed_body', 'The request body is empty: send a JSON object.', {
            errors: [{ pointer: '', message: 'is empty' }],
          });
        }
        if (depthOf(ctx.request.body) > MAX_JSON_DEPTH) {
          throw new ValidationError([{ pointer: '', message: `nests more than ${MAX_JSON_DEPTH} levels deep` }]);
        }
        await next();
      });
    } catch (error) {
      if (parsed || isHttpError(error)) throw error;
      // The parser's own failures that carry no status: a corrupt gzip, brotli or deflate stream.
      throw new HttpProblem('malformed_body', 'The request body cannot be read; check that its Content-Encoding matches its bytes.');
    }
  };
}

const isHttpError = (error: unknown) => typeof (error as { status?: unknown } | null)?.status === 'number';

/** How deeply arrays and objects nest in a parsed JSON value, counted without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}
