// /v1/profiles/{id}/avatar: upload (processed by a worker), public renditions, removal.
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { DeleteAvatar } from '../../../application/avatars/delete-avatar.js';
import type { GetAvatar } from '../../../application/avatars/get-avatar.js';
import type { UploadAvatar } from '../../../application/avatars/upload-avatar.js';
import { AVATAR_SIZES, DEFAULT_AVATAR_SIZE } from '../../../domain/avatar/image-format.js';
import { principalOf, type AppState } from '../context.js';
import { isNotModified } from '../etag.js';
import { uploadBody } from '../middleware/upload-body.js';
import { respondAccepted } from '../presenters.js';
import { invalidQuery } from '../validation.js';
import { profileIdOf } from './ids.js';

export interface AvatarUseCases {
  readonly upload: UploadAvatar;
  readonly get: GetAvatar;
  readonly remove: DeleteAvatar;
}

export interface AvatarRoutesOptions {
  readonly maxBytes: number;
  /** Before reads: anyone may fetch an avatar (limited per client). */
  readonly publicGuard: readonly Middleware<AppState>[];
  /** Before removal: authentication and the write limit. */
  readonly guard: readonly Middleware<AppState>[];
  /** Before uploads: authentication and the upload limit. */
  readonly uploadGuard: readonly Middleware<AppState>[];
}

const badParameter = (parameter: string, message: string) => invalidQuery([{ parameter, message }]);

function sizeOf(query: Record<string, unknown>): number {
  const raw = query['size'];
  if (raw === undefined) return DEFAULT_AVATAR_SIZE;
  const size = Number(raw);
  if (typeof raw !== 'string' || !(AVATAR_SIZES as readonly number[]).includes(size))
    throw badParameter('size', `must be one of ${AVATAR_SIZES.join(', ')}`);
  return size;
}

/** The `v` of an avatar URL: the upload version it names, if any. */
function versionOf(query: Record<string, unknown>): number | undefined {
  const raw = query['v'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,8}$/.test(raw))
    throw badParameter('v', "must be an avatar version, as in the profile's avatar URL");
  return Number(raw);
}

export function avatarRoutes(useCases: AvatarUseCases, options: AvatarRoutesOptions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/profiles/:id/avatar' });

  // Access and existence are checked before the body is read: a stranger's 5 MiB is refused unread.
  const mayUpload: Middleware<AppState> = async (ctx, next) => {
    await useCases.upload.authorize(principalOf(ctx), profileIdOf(ctx));
    await next();
  };
  router.put('/', ...options.uploadGuard, mayUpload, uploadBody({ limitBytes: options.maxBytes, field: 'image' }), async (ctx) => {
    respondAccepted(ctx, await useCases.upload.execute(principalOf(ctx), profileIdOf(ctx), ctx.state.upload!));
  });

  router.get('/', ...options.publicGuard, async (ctx) => {
    const size = sizeOf(ctx.query);
    const asked = versionOf(ctx.query);
    const { image, version } = await useCases.get.execute(profileIdOf(ctx), size, asked);
    // Versions are never reused for other bytes, so version and size name the bytes.
    const etag = `"${version}-${size}"`;
    ctx.set({
      ETag: etag,
      // A URL naming the version always means these bytes; one without it follows the profile, so it is revalidated.
      'Cache-Control': asked === undefined ? 'no-cache' : 'public, max-age=31536000, immutable',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (isNotModified(ctx.get('If-None-Match') || undefined, etag)) {
      ctx.status = 304;
      return;
    }
    ctx.type = image.contentType;
    ctx.body = Buffer.from(image.bytes);
  });

  router.delete('/', ...options.guard, async (ctx) => {
    await useCases.remove.execute(principalOf(ctx), profileIdOf(ctx));
    ctx.status = 204;
  });

  return router;
}
