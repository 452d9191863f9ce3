// The benchmark's baselines: bare Koa and @koa/router with no authentication, validation,
// cache, limits, metrics or logs. BASELINE_MODE says what each answers:
//   fixed      a fixed profile (what the framework alone costs)
//   pg-select  the profile row by primary key from PostgreSQL (DB_* as the service reads them)
//   pg-insert  one INSERT of the posted profile, with its profile.created event row (one statement)
//   pg-list    the keyset page query of GET /v1/profiles?limit=20
// Two switches add one part of the service's own cost at a time (the bench's --ablation rows):
//   BASELINE_HEADERS=1  the service's response headers on every answer
//   BASELINE_LOG=1      a per-request child logger and one bunyan line per request, written as the
//                       service writes them (sonic-boom, asynchronously, bounded at 4 MiB)
// Both together make the floor of each request type: what the contract and the design card
// cost before the service does anything of its own (the bench's floor rows).
import Koa from 'koa';
import sonicBoom from 'sonic-boom';
import Router from '@koa/router';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import pg from 'pg';
import bunyan from 'bunyan';
import { randomUUID } from 'node:crypto';

const mode = process.env.BASELINE_MODE ?? 'fixed';
const profile = {
  id: '0190b6a2-0000-7000-8000-000000000001',
  ownerId: 'alice',
  handle: 'alice',
  email: 'alice@example.com',
  displayName: 'Alice',
  bio: '',
  location: '',
  website: null,
  avatar: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};
const pool =
  mode === 'fixed'
    ? undefined
    : new pg.Pool({
        host: process.env.DB_HOST,
        port: Number(process.env.DB_PORT ?? 5432),
        user: process.env.DB_USER,
        password: process.env.DB_PASSWORD,
        database: process.env.DB_NAME,
        max: Number(process.env.DB_POOL_MAX ?? 20),
      });
const app = new Koa();
if (process.env.BASELINE_LOG === '1') {
  const stream = new sonicBoom.SonicBoom({ fd: 1, maxLength: 4 * 1024 * 1024 });
  stream.on('error', () => undefined);
  const log = bunyan.createLogger({ name: 'baseline', level: 'info', stream });
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestLog = log.child({ requestId: randomUUID() }, true);
    await next();
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    const route = ctx._matchedRoute ?? 'unmatched';
    requestLog.info({ method: ctx.method, route, status: String(ctx.status), durationMs }, 'request');
  });
}
if (process.env.BASELINE_HEADERS === '1') {
  // What the service sends with a profile, besides Content-Type and Content-Length.
  app.use(async (ctx, next) => {
    ctx.set('X-Request-Id', randomUUID());
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('RateLimit-Limit', '600');
    ctx.set('RateLimit-Remaining', '599');
    ctx.set('RateLimit-Reset', '60');
    ctx.set('RateLimit-Policy', '600;w=60');
    await next();
    ctx.set('ETag', '"1"');
    ctx.set('Vary', 'Authorization');
  });
}
const router = new Router();
router.get('/v1/profiles/:id', async (ctx) => {
  if (mode === 'fixed') {
    ctx.body = profile;
    return;
  }
  const { rows } = await pool.query(
    'SELECT id, owner_id, handle, email, display_name, bio, location, website, created_at, updated_at, version FROM profiles WHERE id = $1',
    [ctx.params.id],
  );
  ctx.body = rows[0];
});
router.get('/v1/profiles', async (ctx) => {
  const { rows } = await pool.query(
    `SELECT id, owner_id, handle, email, display_name, bio, location, website, created_at, updated_at, version FROM profiles
      WHERE deleted_at IS NULL AND ($1::text IS NULL OR handle > $1) ORDER BY handle LIMIT $2`,
    [null, 21],
  );
  ctx.body = { items: rows.slice(0, 20), nextCursor: null };
});
router.post('/v1/profiles', async (ctx) => {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const now = new Date();
  // The profile and its profile.created event in one statement: the least a create must write.
  await pool.query(
    `WITH added AS (
       INSERT INTO profiles (id, owner_id, handle, email, display_name, created_at, updated_at, version)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $5, 1) RETURNING id
     )
     INSERT INTO profile_events (id, type, profile_id, version, occurred_at, document)
     SELECT gen_random_uuid(), 'profile.created', id, 1, $5, $6::jsonb FROM added`,
    [body.ownerId, `${body.handle}_x`, `x.${body.email}`, body.displayName, now, JSON.stringify(body)],
  );
  ctx.status = 201;
  ctx.body = body;
});
// The bench waits for this, as it does for the service.
router.get('/health/ready', (ctx) => {
  ctx.body = { status: 'ready' };
});
app.use(router.routes());
const server = app.listen(Number(process.env.SERVER_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void (pool ? pool.end() : Promise.resolve()).then(() => process.exit(0))));
