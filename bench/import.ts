// npm run bench:import: an NDJSON import on PostgreSQL, end to end (POST accepted to task
// succeeded), against a baseline in the same run: the same rows written by bare batched
// INSERTs through pg (the database's own speed for this work). The server's RSS is sampled
// while the import runs, to show whether memory stays flat.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { PG, REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { startServer, stopServer, type Server } from './servers.js';

const LINES = Number(process.env['BENCH_IMPORT_LINES'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECRET = randomBytes(32).toString('base64url');
const RUN = randomBytes(3).toString('hex');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const line = (round: number, n: number) => JSON.stringify({
  ownerId: `imp-${RUN}-${round}-${n}`, handle: `i${RUN}_${round}_${n}`, email: `i${round}.${n}@${RUN}.example.com`, displayName: `Imported ${n}`,
});

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** POSTs the file and polls the task until it settles; lines per second and the RSS seen meanwhile. */
async function importThroughService(server: Server, token: string, round: number): Promise<{ linesPerSecond: number; rss: number[] }> {
  const body = Array.from({ length: LINES }, (_, n) => line(round, n)).join('\n');
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssMiB(server.child.pid!)), 100);
  const started = performance.now();
  const accepted = await fetch(`${server.url}/v1/profiles/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body });
  if (accepted.status !== 202) throw new Error(`import refused: ${accepted.status} ${await accepted.text()}`);
  const location = accepted.headers.get('location')!;
  for (;;) {
    const task = (await (await fetch(`${server.url}${location}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; result?: { created: number; failed: number } };
    if (task.status === 'succeeded' || task.status === 'dead') {
      clearInterval(sampler);
      if (task.result?.created !== LINES) throw new Error(`import ${task.status}: ${JSON.stringify(task.result)}`);
      return { linesPerSecond: LINES / ((performance.now() - started) / 1000), rss };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The baseline: the same rows, 500 per multi-row INSERT, straight through pg. */
async function importWithBareSql(database: string, round: number): Promise<number> {
  const client = new pg.Client({ ...PG, database });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS bare_profiles (id uuid PRIMARY KEY, owner_id text UNIQUE, handle text UNIQUE, email text, display_name text, created_at timestamptz, version integer)');
  const started = performance.now();
  for (let start = 0; start < LINES; start += 500) {
    const rows = Array.from({ length: Math.min(500, LINES - start) }, (_, i) => JSON.parse(line(round, start + i)) as Record<string, string>);
    await client.query(
      `INSERT INTO bare_profiles SELECT gen_random_uuid(), o, h, e, d, now(), 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(o, h, e, d)`,
      [rows.map((r) => r['ownerId']), rows.map((r) => r['handle']), rows.map((r) => r['email']), rows.map((r) => r['displayName'])],
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return LINES / seconds;
}

const { name: database, drop } = await createBenchDatabase(`profiles_bench_import_${RUN}`);
let server: Server | undefined;
try {
  server = await startServer('dist/bootstrap/server.js', {
    SERVER_HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTH_JWT_SECRET: SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-import-')),
    ...postgresEnv(database),
    CACHE_DRIVER: process.env['BENCH_CACHE_DRIVER'] ?? 'redis', REDIS_ADDRESS, CACHE_KEY_PREFIX: `bench-import-${RUN}`,
    QUEUE_DRIVER: 'rabbitmq', QUEUE_URI: process.env['QUEUE_URI'] ?? 'amqp://guest:guest@127.0.0.1:5672', QUEUE_PREFIX: `bench-import-${RUN}`,
    // A 100,000-line file is about 11 MB; the default limit is 10 MiB.
    IMPORT_MAX_BYTES: String(64 * 1024 * 1024),
  });
  const token = await mintToken({ secret: new TextEncoder().encode(SECRET) }, { subject: 'bench-admin', roles: ['admin'], ttlSeconds: 3600 });
  const service: number[] = [];
  const bare: number[] = [];
  const rss: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await importWithBareSql(database, round));
    const run = await importThroughService(server, token, round);
    service.push(run.linesPerSecond);
    rss.push(run.rss);
  }
  const ratios = service.map((s, i) => s / bare[i]!);
  const flat = rss.map((samples) => `${Math.min(...samples).toFixed(0)}-${Math.max(...samples).toFixed(0)}`);
  console.log(`\nNDJSON import on PostgreSQL, ${LINES.toLocaleString('en')} lines, ${ROUNDS} rounds (medians; each round's ratio is to the baseline of that round)\n`);
  console.log(`${'scenario'.padEnd(58)}${'lines/s'.padStart(10)}${'vs base'.padStart(9)}`);
  console.log(`${'baseline: bare batched INSERT through pg (500 rows each)'.padEnd(58)}${median(bare).toFixed(0).padStart(10)}${'1.00'.padStart(9)}`);
  console.log(`${'POST /v1/profiles/import, accepted to succeeded'.padEnd(58)}${median(service).toFixed(0).padStart(10)}${median(ratios).toFixed(2).padStart(9)}`);
  console.log(`\nrounds (lines/s): service ${service.map((s) => s.toFixed(0)).join(', ')}; bare ${bare.map((s) => s.toFixed(0)).join(', ')}`);
  console.log(`server RSS while importing (MiB, min-max per round): ${flat.join('; ')}`);
} finally {
  if (server) await stopServer(server);
  await drop();
}
