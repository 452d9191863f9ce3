// npm run bench:list: GET /v1/profiles (keyset pages of 20, each after a random handle) with
// 1,000 profiles in the table and again with 1,000,000: keyset pagination must cost the same
// at any size and depth. Prints p99 at both sizes, their ratio, and the query plan.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { loadGeneratorName, measure, type Load, type Sample } from './loadgen.js';
import { PG, REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { BENCH, roundsOr } from './settings.js';
import { startServer, stopServer, type Server } from './servers.js';

const SECONDS = BENCH.seconds;
const ROUNDS = roundsOr(3);
const LARGE = BENCH.listRows;
const SMALL = 1000;
const RUN = randomBytes(3).toString('hex');
const SECRET = randomBytes(32).toString('base64url');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const handle = (n: number) => `h${String(n).padStart(7, '0')}`;
const cursor = (after: string) => Buffer.from(JSON.stringify({ after })).toString('base64url');

/** Adds profiles numbered [from, to) straight into the table (the service's own rows, minus its checks). */
async function seed(db: pg.Client, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO profiles (id, owner_id, handle, email, display_name, created_at, updated_at, version)
     SELECT gen_random_uuid(), 'o' || n, 'h' || lpad(n::text, 7, '0'), 'e' || n || '@bench.example.com', 'Profile ' || n, now(), now(), 1
       FROM generate_series($1::int, $2::int - 1) AS n`,
    [from, to],
  );
  await db.query('ANALYZE profiles');
}

/** Pages after 200 random handles among the first `rows`. */
function pages(rows: number, token: string): Load {
  const paths = Array.from({ length: 200 }, () => `/v1/profiles?limit=20&cursor=${cursor(handle(Math.floor(Math.random() * rows)))}`);
  return { method: 'GET', paths, headers: { authorization: `Bearer ${token}` } };
}

const { name: database, drop } = await createBenchDatabase(`profiles_bench_list_${RUN}`);
let server: Server | undefined;
const db = new pg.Client({ ...PG, database });
try {
  server = await startServer('dist/bootstrap/server.js', {
    SERVER_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    AUTH_JWT_SECRET: SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-list-')),
    ...postgresEnv(database),
    CACHE_DRIVER: 'redis',
    REDIS_ADDRESS,
    CACHE_KEY_PREFIX: `bench-list-${RUN}`,
    RATE_LIMIT_READS: '10000000',
  });
  await db.connect();
  const token = await mintToken(
    { secret: new TextEncoder().encode(SECRET) },
    { subject: 'bench-reader', roles: ['user'], ttlSeconds: 3600 },
  );
  const run = async (rows: number) => {
    const load = pages(rows, token);
    await measure(server!.url, load, 2, 50);
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) samples.push(await measure(server!.url, load, SECONDS, 50));
    return samples;
  };
  await seed(db, 0, SMALL);
  const small = await run(SMALL);
  const seeding = performance.now();
  await seed(db, SMALL, LARGE);
  console.log(`seeded ${LARGE.toLocaleString('en')} profiles in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  const large = await run(LARGE);
  const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(
    // The repository's list statement (sql-profile-repository.ts), as the service sends it.
    `EXPLAIN SELECT id FROM profiles
      WHERE deleted_at IS NULL AND ($1::text IS NULL OR handle LIKE $1 ESCAPE '\\') AND ($2::text IS NULL OR handle > $2)
      ORDER BY handle LIMIT $3`,
    [null, handle(LARGE / 2), 21],
  );
  const row = (name: string, samples: Sample[]) =>
    console.log(
      `${name.padEnd(40)}${median(samples.map((s) => s.rps))
        .toFixed(0)
        .padStart(9)}${median(samples.map((s) => s.p50))
        .toFixed(1)
        .padStart(9)}${median(samples.map((s) => s.p99))
        .toFixed(1)
        .padStart(9)}`,
    );
  console.log(
    `\nGET /v1/profiles?limit=20&cursor=<a random handle>, load from ${loadGeneratorName}, 50 connections, ${ROUNDS} rounds of ${SECONDS} s (medians)\n`,
  );
  console.log(`${'table size'.padEnd(40)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  row(`${SMALL.toLocaleString('en')} profiles`, small);
  row(`${LARGE.toLocaleString('en')} profiles`, large);
  console.log(
    `\np99 at ${LARGE.toLocaleString('en')} over p99 at ${SMALL.toLocaleString('en')}: ${(median(large.map((s) => s.p99)) / median(small.map((s) => s.p99))).toFixed(2)} (goal: at most 1.5)`,
  );
  console.log(`plan:\n${plan.map((p) => `  ${p['QUERY PLAN']}`).join('\n')}`);
} finally {
  if (server) await stopServer(server);
  await db.end().catch(() => undefined);
  await drop();
}
