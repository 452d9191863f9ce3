// npm run bench: every scenario has a server process of its own; the scenarios are measured
// in interleaved rounds (50 connections, a fixed time each), so a noisy neighbour slows the
// baseline and the service alike. Each row shows medians over the rounds and its ratio to the
// bare-Koa baseline taken round by round. Figures are printed, never asserted by tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { peakRssMiB, startServer, stopServer, type Server } from './servers.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 50;
const LOG_LEVEL = process.env['BENCH_LOG_LEVEL'] ?? 'warn';
const SECRET = randomBytes(32).toString('base64url');
const RUN = randomBytes(3).toString('hex');
const PG = { host: process.env['PGHOST'] ?? '127.0.0.1', port: Number(process.env['PGPORT'] ?? 5432), user: process.env['PGUSER'] ?? 'postgres', password: process.env['PGPASSWORD'] };
const DB_NAME = `profiles_bench_${RUN}`;
const SERVICE = 'dist/bootstrap/server.js';

const serviceEnv = (cacheDriver: string): Record<string, string> => ({
  SERVER_HOST: '127.0.0.1', LOG_LEVEL, AUTH_JWT_SECRET: SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')),
  DB_DRIVER: 'postgres', DB_HOST: PG.host, DB_PORT: String(PG.port), DB_USER: PG.user, DB_NAME, DB_POOL_MAX: '20',
  ...(PG.password ? { DB_PASSWORD: PG.password } : {}),
  CACHE_DRIVER: cacheDriver, REDIS_ADDRESS: process.env['REDIS_ADDRESS'] ?? '127.0.0.1:6379', CACHE_KEY_PREFIX: `bench-${RUN}`,
  RATE_LIMIT_READS: '10000000', RATE_LIMIT_WRITES: '10000000',
});

interface Scenario {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly load: Partial<autocannon.Options>;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seed(server: Server, admin: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) => start + i);
    ids.push(...await Promise.all(batch.map(async (n) => {
      const res = await fetch(`${server.url}/v1/profiles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ownerId: `seed-${n}`, handle: `seed_${String(n).padStart(5, '0')}`, email: `seed${n}@bench.example.com`, displayName: `Seed ${n}` }),
      });
      if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    })));
  }
  return ids;
}

function scenarios(ids: string[], admin: string, user: string): Scenario[] {
  let next = 0;
  // Reads cycle over 100 profiles, so the warm cache holds them all.
  const byId = { method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/v1/profiles/${ids[next++ % 100]}` }) };
  const asUser = { authorization: `Bearer ${user}` };
  let created = 0;
  return [
    { name: 'baseline: bare Koa + router, fixed profile', script: 'bench/baseline-server.mjs', env: {}, load: { requests: [byId] } },
    { name: 'GET /v1/profiles/{id}, warm cache (L1 + Redis)', script: SERVICE, env: serviceEnv('redis'), load: { headers: asUser, requests: [byId] } },
    { name: 'GET /v1/profiles/{id}, warm L1 only (no Redis)', script: SERVICE, env: serviceEnv('memory'), load: { headers: asUser, requests: [byId] } },
    { name: 'GET /v1/profiles/{id}, cache off (PostgreSQL)', script: SERVICE, env: serviceEnv('none'), load: { headers: asUser, requests: [byId] } },
    { name: 'GET /v1/profiles?limit=20', script: SERVICE, env: serviceEnv('redis'), load: { headers: asUser, requests: [{ method: 'GET', path: '/v1/profiles?limit=20' }] } },
    {
      name: 'POST /v1/profiles', script: SERVICE, env: serviceEnv('redis'),
      load: {
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        requests: [{
          method: 'POST',
          setupRequest: (req: autocannon.Request) => {
            const n = created++;
            return { ...req, path: '/v1/profiles', body: JSON.stringify({ ownerId: `bench-${n}`, handle: `b${RUN}_${n}`, email: `b${n}@bench.example.com`, displayName: `Bench ${n}` }) };
          },
        }],
      },
    },
  ];
}

async function measure(server: Server, load: Partial<autocannon.Options>, seconds: number): Promise<Sample> {
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, ...load });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

function report(list: Scenario[], samples: Sample[][], rss: number[]): void {
  const cell = (x: string | number, width = 9) => String(x).padStart(width);
  console.log(`\nnode ${process.version}, ${cpus().length} CPUs, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per scenario, service LOG_LEVEL=${LOG_LEVEL}`);
  console.log('medians over the rounds; "vs base" is the median of (req/s / baseline req/s in the same round)\n');
  console.log(`${'scenario'.padEnd(48)}${cell('req/s')}${cell('p50 ms')}${cell('p99 ms')}${cell('RSS MiB')}${cell('vs base')}${cell('errors')}`);
  const ratio = (i: number) => median(samples[i]!.map((s, round) => s.rps / samples[0]![round]!.rps));
  list.forEach((scenario, i) => {
    const rows = samples[i]!;
    console.log(`${scenario.name.padEnd(48)}${cell(median(rows.map((s) => s.rps)).toFixed(0))}${cell(median(rows.map((s) => s.p50)).toFixed(1))}`
      + `${cell(median(rows.map((s) => s.p99)).toFixed(1))}${cell(rss[i]!.toFixed(0))}${cell(ratio(i).toFixed(2))}${cell(rows.reduce((n, s) => n + s.errors, 0))}`);
  });
  if (list.length === 6) {
    const [, warm, , cold] = samples.map((rows) => median(rows.map((s) => s.p99)));
    console.log(`\nwarm-cache GET: ${(ratio(1) * 100).toFixed(0)}% of the baseline's req/s; p99 ${warm} ms, ${(warm! / cold!).toFixed(2)}x the p99 with the cache off`);
  }
}

const secret = new TextEncoder().encode(SECRET);
const admin = await mintToken({ secret }, { subject: 'bench-admin', roles: ['admin'], ttlSeconds: 3600 });
const user = await mintToken({ secret }, { subject: 'bench-reader', roles: ['user'], ttlSeconds: 3600 });

const adminDb = new pg.Client({ ...PG, database: 'postgres' });
await adminDb.connect();
await adminDb.query(`CREATE DATABASE ${DB_NAME}`);
const servers: Server[] = [];
try {
  const seeder = await startServer(SERVICE, serviceEnv('redis'));
  const ids = await seed(seeder, admin, 1000).finally(() => stopServer(seeder));
  // BENCH_ONLY=<text>: only the scenarios whose name contains it (the baseline always runs).
  const only = process.env['BENCH_ONLY'];
  const list = scenarios(ids, admin, user).filter((s, i) => i === 0 || only === undefined || s.name.includes(only));
  for (const scenario of list) servers.push(await startServer(scenario.script, scenario.env));
  // A warm-up fills caches and lets V8 optimise before anything is measured.
  for (const [i, scenario] of list.entries()) await measure(servers[i]!, scenario.load, 2);
  const samples: Sample[][] = list.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, scenario] of list.entries()) samples[i]!.push(await measure(servers[i]!, scenario.load, SECONDS));
  }
  report(list, samples, servers.map(peakRssMiB));
} finally {
  await Promise.all(servers.map(stopServer));
  await adminDb.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await adminDb.end();
}
