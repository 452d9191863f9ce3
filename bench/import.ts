// npm run bench:import: an NDJSON import on PostgreSQL, end to end (POST accepted to task
// succeeded), against baselines in the same run: the same rows written by bare batched
// INSERTs through pg (the database's own speed for this work), and the import with profile
// events off (EVENTS_ENABLED=false), which shows what writing an event per profile costs. The server's RSS is sampled
// while the import runs, to show whether memory stays flat.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createProfileClient } from '../clients/typescript/src/index.js';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { PG, REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { BENCH, SERVICES, roundsOr } from './settings.js';
import { startServer, stopServer, type Server } from './servers.js';

const LINES = BENCH.importLines;
const ROUNDS = roundsOr(3);
const SECRET = randomBytes(32).toString('base64url');
const RUN = randomBytes(3).toString('hex');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const line = (round: number, n: number) =>
  JSON.stringify({
    ownerId: `imp-${RUN}-${round}-${n}`,
    handle: `i${RUN}_${round}_${n}`,
    email: `i${round}.${n}@${RUN}.example.com`,
    displayName: `Imported ${n}`,
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
  const client = createProfileClient({ baseUrl: server.url, token });
  const started = performance.now();
  const accepted = await client.importProfiles(body);
  const task = await client.waitForTask(accepted.id, { timeoutMs: 30 * 60_000, intervalMs: 50 }).finally(() => clearInterval(sampler));
  const { created } = (task.result ?? {}) as { created?: number };
  if (created !== LINES) throw new Error(`import ${task.status}: ${JSON.stringify(task.result)}`);
  return { linesPerSecond: LINES / ((performance.now() - started) / 1000), rss };
}

/** The baseline: the same rows, 500 per multi-row INSERT, straight through pg. */
async function importWithBareSql(database: string, round: number): Promise<number> {
  const client = new pg.Client({ ...PG, database });
  await client.connect();
  await client.query(
    'CREATE TABLE IF NOT EXISTS bare_profiles (id uuid PRIMARY KEY, owner_id text UNIQUE, handle text UNIQUE, email text, display_name text, created_at timestamptz, version integer)',
  );
  const started = performance.now();
  for (let start = 0; start < LINES; start += 500) {
    const rows = Array.from(
      { length: Math.min(500, LINES - start) },
      (_, i) => JSON.parse(line(round, start + i)) as Record<string, string>,
    );
    await client.query(
      `INSERT INTO bare_profiles SELECT gen_random_uuid(), o, h, e, d, now(), 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(o, h, e, d)`,
      [rows.map((r) => r['ownerId']), rows.map((r) => r['handle']), rows.map((r) => r['email']), rows.map((r) => r['displayName'])],
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return LINES / seconds;
}

/** Waits until the relay has published every event (the outbox is empty): the next run does not share the machine with it. */
async function eventsDrained(database: string): Promise<void> {
  const client = new pg.Client({ ...PG, database });
  await client.connect();
  try {
    while (Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM profile_events')).rows[0]!.n) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

const { name: database, drop } = await createBenchDatabase(`profiles_bench_import_${RUN}`);
const servers: Server[] = [];
try {
  // Two servers on the same database, the same in all but EVENTS_ENABLED: what events cost an import.
  const start = (events: boolean) =>
    startServer('dist/bootstrap/server.js', {
      SERVER_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_JWT_SECRET: SECRET,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-import-')),
      ...postgresEnv(database),
      CACHE_DRIVER: BENCH.importCacheDriver,
      REDIS_ADDRESS,
      CACHE_KEY_PREFIX: `bench-import-${RUN}`,
      QUEUE_DRIVER: 'rabbitmq',
      QUEUE_URI: SERVICES.queueUri,
      QUEUE_PREFIX: `bench-import-${RUN}-${events ? 'on' : 'off'}`,
      EVENTS_ENABLED: String(events),
      EVENTS_EXCHANGE: `bench-import-${RUN}-events`,
      // A 100,000-line file is about 11 MB; the default limit is 10 MiB.
      IMPORT_MAX_BYTES: String(64 * 1024 * 1024),
    });
  const withEvents = await start(true);
  servers.push(withEvents);
  const withoutEvents = await start(false);
  servers.push(withoutEvents);
  const token = await mintToken(
    { secret: new TextEncoder().encode(SECRET) },
    { subject: 'bench-admin', roles: ['admin'], ttlSeconds: 3600 },
  );
  const on: number[] = [];
  const off: number[] = [];
  const bare: number[] = [];
  const rss: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await importWithBareSql(database, round));
    // Alternating which goes first, so that neither always meets the other's leftovers (autovacuum, the relay's tail).
    const order = round % 2 === 0 ? [false, true] : [true, false];
    for (const events of order) {
      const run = await importThroughService(events ? withEvents : withoutEvents, token, events ? round : round + ROUNDS);
      (events ? on : off).push(run.linesPerSecond);
      if (events) rss.push(run.rss);
      if (events) await eventsDrained(database);
    }
  }
  const ratio = (xs: number[], base: number[]) => median(xs.map((x, i) => x / base[i]!)).toFixed(2);
  const flat = rss.map((samples) => `${Math.min(...samples).toFixed(0)}-${Math.max(...samples).toFixed(0)}`);
  console.log(
    `\nNDJSON import on PostgreSQL, ${LINES.toLocaleString('en')} lines, ${ROUNDS} rounds (medians; each round's ratios are to that round's runs)\n`,
  );
  console.log(`${'scenario'.padEnd(58)}${'lines/s'.padStart(10)}${'vs base'.padStart(9)}${'vs off'.padStart(8)}`);
  console.log(
    `${'baseline: bare batched INSERT through pg (500 rows each)'.padEnd(58)}${median(bare).toFixed(0).padStart(10)}${'1.00'.padStart(9)}`,
  );
  console.log(
    `${'POST /v1/profiles/import, events off (EVENTS_ENABLED)'.padEnd(58)}${median(off).toFixed(0).padStart(10)}${ratio(off, bare).padStart(9)}${'1.00'.padStart(8)}`,
  );
  console.log(
    `${'POST /v1/profiles/import, events on (one per profile)'.padEnd(58)}${median(on).toFixed(0).padStart(10)}${ratio(on, bare).padStart(9)}${ratio(on, off).padStart(8)}`,
  );
  console.log(
    `\nrounds (lines/s): events on ${on.map((s) => s.toFixed(0)).join(', ')}; off ${off.map((s) => s.toFixed(0)).join(', ')}; bare ${bare.map((s) => s.toFixed(0)).join(', ')}`,
  );
  console.log(`server RSS while importing with events (MiB, min-max per round): ${flat.join('; ')}`);
} finally {
  for (const server of servers) await stopServer(server);
  await drop();
}
