// koa-body (with formidable and zod behind it) takes a sixth of a second to load: the service
// loads it when the first request with a body arrives, not while it starts.
import type { Middleware } from 'koa';
import type * as KoaBody from 'koa-body';

let loaded: Promise<typeof KoaBody> | undefined;

/** koa-body's middleware with these options, built on first use. */
export function lazyKoaBody(options: Partial<KoaBody.KoaBodyMiddlewareOptions>): Middleware {
  let middleware: Middleware | undefined;
  return async (ctx, next) => {
    middleware ??= (await (loaded ??= import('koa-body'))).koaBody(options);
    await middleware(ctx, next);
  };
}
