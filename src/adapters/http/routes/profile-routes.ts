// The /v1/profiles resource: each handler parses the request, calls one use case and
// writes the response; rules and access decisions live in the core.
import Router from '@koa/router';
import type { CreateProfile } from '../../../application/create-profile.js';
import type { DeleteProfile } from '../../../application/delete-profile.js';
import type { GetProfile } from '../../../application/get-profile.js';
import type { ListProfiles } from '../../../application/list-profiles.js';
import type { SearchProfiles } from '../../../application/search-profiles.js';
import type { RestoreProfile } from '../../../application/restore-profile.js';
import type { UpdateProfile } from '../../../application/update-profile.js';
import type { ProfileView } from '../../../application/profile-view.js';
import { principalOf, type AppContext, type AppState } from '../context.js';
import { etagOf, expectedVersionFrom, isNotModified } from '../etag.js';
import { jsonBody } from '../middleware/json-body.js';
import { profileDocument, profileJson, profilePath } from '../presenters.js';
import { encodeCursor, encodeSearchCursor } from '../cursor.js';
import { validateCreateProfile, validateProfilePatch } from '../../representation/validation.js';
import { parseProfilesQuery } from '../validation.js';
import { profileIdOf } from './ids.js';
import type { Middleware } from 'koa';

export interface ProfileUseCases {
  readonly create: CreateProfile;
  readonly get: GetProfile;
  readonly list: ListProfiles;
  readonly search: SearchProfiles;
  readonly update: UpdateProfile;
  readonly remove: DeleteProfile;
  readonly restore: RestoreProfile;
}

export interface ProfileRoutesOptions {
  readonly bodyLimitBytes: number;
  /** Runs before every handler of the resource (authentication, rate limits). */
  readonly guard: readonly Middleware<AppState>[];
  /** Runs before the create handler (idempotency). */
  readonly beforeCreate: Middleware<AppState>;
}

function respondWithProfile(ctx: AppContext, view: ProfileView, status = 200): void {
  ctx.status = status;
  ctx.set('ETag', etagOf(view));
  ctx.set('Vary', 'Authorization');
  ctx.type = 'application/json';
  ctx.body = profileJson(view);
}

export function profileRoutes(useCases: ProfileUseCases, options: ProfileRoutesOptions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/profiles' });
  // The guard runs per route, not as router middleware: mounted in the app's one router, a
  // router-wide guard would run for every path under /v1/profiles, the public avatar too.
  const guard = options.guard;
  const json = jsonBody(['application/json'], options.bodyLimitBytes);
  const mergePatch = jsonBody(['application/merge-patch+json', 'application/json'], options.bodyLimitBytes);

  router.post('/', ...guard, json, options.beforeCreate, async (ctx) => {
    const input = validateCreateProfile(ctx.request.body);
    const view = await useCases.create.execute(principalOf(ctx), input);
    ctx.set('Location', profilePath(view.profile.id));
    respondWithProfile(ctx, view, 201);
  });

  // One resource, three readings: the list by handle, a search (q), a batch of ids (ids).
  router.get('/', ...guard, async (ctx) => {
    const asked = parseProfilesQuery(ctx.query);
    ctx.set('Vary', 'Authorization');
    switch (asked.kind) {
      case 'batch': {
        const batch = await useCases.get.executeMany(principalOf(ctx), asked.ids);
        // Each profile's document is rendered once per version and view (see profileJson).
        ctx.type = 'application/json';
        ctx.body = `{"items":[${batch.items.map(profileJson).join(',')}],"missing":${JSON.stringify(batch.missing)}}`;
        return;
      }
      case 'search': {
        const page = await useCases.search.execute(principalOf(ctx), asked.query);
        ctx.body = { items: page.items.map(profileDocument), nextCursor: page.next === null ? null : encodeSearchCursor(page.next) };
        return;
      }
      case 'list': {
        const page = await useCases.list.execute(principalOf(ctx), asked.query);
        ctx.body = {
          items: page.items.map(profileDocument),
          nextCursor: page.nextAfterHandle === null ? null : encodeCursor(page.nextAfterHandle),
        };
        return;
      }
    }
  });

  router.get('/:id', ...guard, async (ctx) => {
    const view = await useCases.get.execute(principalOf(ctx), profileIdOf(ctx));
    if (isNotModified(ctx.get('If-None-Match') || undefined, etagOf(view))) {
      ctx.status = 304;
      ctx.set('ETag', etagOf(view));
      ctx.set('Vary', 'Authorization');
      return;
    }
    respondWithProfile(ctx, view);
  });

  router.patch('/:id', ...guard, mergePatch, async (ctx) => {
    const id = profileIdOf(ctx);
    const expected = expectedVersionFrom(ctx.get('If-Match') || undefined, true);
    const patch = validateProfilePatch(ctx.request.body);
    respondWithProfile(ctx, await useCases.update.execute(principalOf(ctx), id, patch, expected));
  });

  router.delete('/:id', ...guard, async (ctx) => {
    const id = profileIdOf(ctx);
    const expected = expectedVersionFrom(ctx.get('If-Match') || undefined, false);
    await useCases.remove.execute(principalOf(ctx), id, expected);
    ctx.status = 204;
  });

  router.post('/:id/restore', ...guard, async (ctx) => {
    respondWithProfile(ctx, await useCases.restore.execute(principalOf(ctx), profileIdOf(ctx)));
  });

  return router;
}
