// POST /v1/profiles/import: a bulk import, run by a worker; the task reports what it created.
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { ImportProfiles } from '../../../application/imports/import-profiles.js';
import { principalOf, type AppState } from '../context.js';
import { uploadBody } from '../middleware/upload-body.js';
import { respondAccepted } from '../presenters.js';

export function importRoutes(
  importProfiles: ImportProfiles,
  options: { maxBytes: number; guard: readonly Middleware<AppState>[] },
): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/profiles/import' });
  // Who may import is decided before the file is read: a user's 10 MiB is refused unread.
  const mayImport: Middleware<AppState> = async (ctx, next) => {
    importProfiles.authorize(principalOf(ctx));
    await next();
  };
  router.post(
    '/',
    ...options.guard,
    mayImport,
    uploadBody({ limitBytes: options.maxBytes, rawTypes: ['application/x-ndjson'] }),
    async (ctx) => {
      respondAccepted(ctx, await importProfiles.execute(principalOf(ctx), ctx.state.upload!));
    },
  );
  // Any other method is refused here, before the profile router could read "import" as an id.
  router.all('/', (ctx) => {
    ctx.set('Allow', 'POST');
    ctx.status = 405;
  });
  return router;
}
