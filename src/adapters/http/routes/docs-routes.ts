// A person's way in: GET /docs is an interactive reference of the API (Swagger UI, served from
// its npm package swagger-ui-dist, no CDN) reading /openapi.json; GET / sends a browser there
// and tells a program where the documents are. The page runs no inline script: its content
// security policy allows this origin's scripts and styles only (and the inline styles Swagger
// UI sets); every other response keeps the API's own policy (security-headers.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Router from '@koa/router';
import type { AppState } from '../context.js';
import { PROBLEM_TYPES } from '../problem-types.js';
import { problemSlug } from '../problem.js';

const UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Profile Service API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/** The files of swagger-ui-dist the page loads, by their path under /docs. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
};

export function docsRoutes(version: string): Router<AppState> {
  const router = new Router<AppState>();
  const assets = new Map<string, Promise<Buffer>>();

  router.get('/', (ctx) => {
    if (ctx.accepts('json', 'html') === 'html') {
      ctx.redirect('/docs');
      return;
    }
    ctx.body = { name: 'profile-service', version, docs: '/docs', openapi: '/openapi.json', asyncapi: '/asyncapi.json' };
  });

  // Each problem type's page: the URI a problem document's `type` names.
  const problemPages = new Map(
    Object.entries(PROBLEM_TYPES).map(([code, page]) => [problemSlug(code), { type: `/problems/${problemSlug(code)}`, ...page }]),
  );
  router.get('/problems/:slug', async (ctx, next) => {
    const page = problemPages.get(ctx.params['slug'] ?? '');
    if (page === undefined) {
      await next();
      return;
    }
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = page;
  });

  router.get('/docs', (ctx) => {
    ctx.set('Content-Security-Policy', PAGE_POLICY);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });

  router.get('/docs/start.js', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = START;
  });

  router.get('/docs/:asset', async (ctx, next) => {
    const asset = ASSETS[ctx.params['asset'] ?? ''];
    if (asset === undefined) {
      await next();
      return;
    }
    // Read once, kept: a few MiB, asked for by people, not by every request.
    let bytes = assets.get(asset.file);
    if (bytes === undefined) assets.set(asset.file, (bytes = readFile(join(UI_DIR, asset.file))));
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.type = asset.type;
    ctx.body = await bytes;
  });

  return router;
}
