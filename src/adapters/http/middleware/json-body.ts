// Accepts a JSON body of the named media types only (415 otherwise), with a size limit (413).
import type { Middleware } from 'koa';
import { HttpProblem } from '../problem.js';
import { lazyKoaBody } from './lazy-koa-body.js';

export function jsonBody(mediaTypes: readonly string[], limitBytes: number): Middleware {
  const parse = lazyKoaBody({
    json: true, urlencoded: false, text: false, multipart: false,
    jsonTypes: [...mediaTypes], jsonLimit: limitBytes, jsonStrict: true,
  });
  return async (ctx, next) => {
    if (!ctx.is(...mediaTypes)) {
      throw new HttpProblem(415, 'unsupported_media_type', `Send the body as ${mediaTypes.join(' or ')}.`, {
        headers: ctx.method === 'PATCH' ? { 'Accept-Patch': mediaTypes.join(', ') } : {},
      });
    }
    await parse(ctx, next);
  };
}
