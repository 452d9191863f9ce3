// The benchmark's baseline: bare Koa and @koa/router answering a fixed profile, no
// authentication, validation, cache or database. What the framework alone costs.
import Koa from 'koa';
import Router from '@koa/router';
import process from 'node:process';

const profile = {
  id: '0190b6a2-0000-7000-8000-000000000001', ownerId: 'alice', handle: 'alice', email: 'alice@example.com',
  displayName: 'Alice', bio: '', location: '', website: null, avatar: null,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1,
};
const app = new Koa();
const router = new Router();
router.get('/v1/profiles/:id', (ctx) => {
  ctx.body = profile;
});
// The bench waits for this, as it does for the service.
router.get('/health/ready', (ctx) => {
  ctx.body = { status: 'ready' };
});
app.use(router.routes());
const server = app.listen(Number(process.env.SERVER_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
