// npm run bench:search: GET /v1/profiles?q= with 1,000,000 profiles on PostgreSQL. Names are
// made of syllables (a few thousand first and last names, as in a real directory); the queries
// are what people type: a whole first name, the start of a last name, a name with one typo, a
// handle, each kind measured on its own. Prints req/s, p50 and p99 of one client searching after
// another (latency, not saturation; BENCH_CONNECTIONS for more) and the plan of a fuzzy search,
// which must use the trigram indexes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { searchQuery } from '../src/adapters/postgres/sql-profile-repository.js';
import { FUZZY_SEARCH_MIN_LENGTH } from '../src/domain/ports/profile-repository.js';
import { loadGeneratorName, measure, type Load, type Sample } from './loadgen.js';
import { PG, REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { BENCH, roundsOr } from './settings.js';
import { startServer, stopServer, type Server } from './servers.js';

const SECONDS = BENCH.seconds;
const ROUNDS = roundsOr(3);
const ROWS = BENCH.searchRows;
const CONNECTIONS = BENCH.searchConnections;
const RUN = randomBytes(3).toString('hex');
const SECRET = randomBytes(32).toString('base64url');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ne',
  'to',
  'su',
  'vi',
  'da',
  'el',
  'an',
  'jo',
  'ri',
  'sa',
  'mo',
  'li',
  'ba',
  'ze',
  'fa',
  'no',
  'pe',
  'wi',
  'ho',
  'ty',
  'gu',
  'ce',
  'xa',
  'yo',
  'mu',
  'dre',
];
const syllable = (hash: string, shift: number) => `(ARRAY['${SYLLABLES.join("','")}'])[1 + (abs(${hash}) / ${30 ** shift}) % 30]`;

/**
 * Profiles numbered [0, rows), written straight into the table. The trigram indexes are built
 * once afterwards (as a restore would), which is far faster than maintaining them row by row.
 */
async function seed(db: pg.Client, rows: number): Promise<void> {
  const { rows: indexes } = await db.query<{ indexdef: string; indexname: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'profiles' AND indexdef LIKE '% USING gin %'",
  );
  for (const { indexname } of indexes) await db.query(`DROP INDEX ${indexname}`);
  // (GIN indexes are built once afterwards: far faster than row by row.)
  // Two or three syllables each: about 27,000 first names and as many last names, unevenly used.
  const first = `${syllable('hashint4(n)', 0)} || ${syllable('hashint4(n)', 1)} || CASE WHEN n % 3 = 0 THEN ${syllable('hashint4(n)', 2)} ELSE '' END`;
  const last = `${syllable('hashint4(n + 7919)', 0)} || ${syllable('hashint4(n + 7919)', 1)} || CASE WHEN n % 2 = 0 THEN ${syllable('hashint4(n + 7919)', 2)} ELSE '' END`;
  for (let from = 0; from < rows; from += 250_000) {
    await db.query(
      `INSERT INTO profiles (id, owner_id, handle, email, display_name, created_at, updated_at, version)
       SELECT gen_random_uuid(), 'o' || n, f || '_' || l || n, 'e' || n || '@bench.example.com', initcap(f) || ' ' || initcap(l), now(), now(), 1
         FROM generate_series($1::int, $2::int - 1) AS n, LATERAL (SELECT ${first} AS f, ${last} AS l) AS names`,
      [from, Math.min(rows, from + 250_000)],
    );
  }
  for (const { indexdef } of indexes) await db.query(indexdef);
  await db.query('ANALYZE profiles');
}

/** What people type, drawn from 100 stored profiles, by kind. */
async function queries(db: pg.Client): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ handle: string; display_name: string }>(
    'SELECT handle, display_name FROM profiles ORDER BY random() LIMIT 100',
  );
  const names = rows.map(({ display_name: name }) => name.toLowerCase().split(' ') as [string, string]);
  return {
    'a first name': names.map(([given]) => given),
    'the first 4 letters of a last name': names.map(([, family]) => family.slice(0, 4)),
    'a last name with a typo (the last letter)': names.map(([, family]) => `${family.slice(0, -1)}${family.endsWith('a') ? 'e' : 'a'}`),
    'a handle': rows.map(({ handle }) => handle),
  };
}

const { name: database, drop } = await createBenchDatabase(`profiles_bench_search_${RUN}`);
let server: Server | undefined;
const db = new pg.Client({ ...PG, database });
try {
  server = await startServer('dist/bootstrap/server.js', {
    SERVER_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    AUTH_JWT_SECRET: SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-search-')),
    ...postgresEnv(database),
    CACHE_DRIVER: 'redis',
    REDIS_ADDRESS,
    CACHE_KEY_PREFIX: `bench-search-${RUN}`,
    RATE_LIMIT_READS: '10000000',
  });
  await db.connect();
  const seeding = performance.now();
  await seed(db, ROWS);
  console.log(`seeded ${ROWS.toLocaleString('en')} profiles in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  const kinds = await queries(db);
  const token = await mintToken(
    { secret: new TextEncoder().encode(SECRET) },
    { subject: 'bench-reader', roles: ['user'], ttlSeconds: 3600 },
  );
  const loadOf = (texts: string[]): Load => ({
    method: 'GET',
    paths: texts.map((q) => `/v1/profiles?q=${encodeURIComponent(q)}&limit=20`),
    headers: { authorization: `Bearer ${token}` },
  });
  const results: [string, Sample[]][] = [];
  for (const [kind, texts] of Object.entries(kinds)) {
    await measure(server.url, loadOf(texts), 1, CONNECTIONS);
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) samples.push(await measure(server.url, loadOf(texts), SECONDS, CONNECTIONS));
    results.push([kind, samples]);
  }
  // The repository's own statement for a fuzzy search, as it sends it.
  const planned =
    Object.values(kinds)
      .flat()
      .find((text) => text.length >= FUZZY_SEARCH_MIN_LENGTH) ?? kinds['a handle']![0]!;
  const statement = searchQuery({ text: planned, limit: 21 });
  const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${statement.text}`, statement.params);
  console.log(
    `\nGET /v1/profiles?q=<text>&limit=20, ${ROWS.toLocaleString('en')} profiles on PostgreSQL, load from ${loadGeneratorName}, ${CONNECTIONS} connection(s), ${ROUNDS} rounds of ${SECONDS} s (medians)\n`,
  );
  console.log(`${'q is'.padEnd(44)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(9)}`);
  for (const [kind, samples] of results) {
    console.log(
      `${kind.padEnd(44)}${median(samples.map((s) => s.rps))
        .toFixed(0)
        .padStart(9)}${median(samples.map((s) => s.p50))
        .toFixed(1)
        .padStart(9)}` +
        `${median(samples.map((s) => s.p99))
          .toFixed(1)
          .padStart(9)}${String(samples.reduce((n, s) => n + s.errors, 0)).padStart(9)}`,
    );
  }
  console.log(
    `\np99 goal: under 50 ms. Texts under ${FUZZY_SEARCH_MIN_LENGTH} characters match exactly or by prefix only. Plan for q=${JSON.stringify(planned)}:`,
  );
  console.log(plan.map((p) => `  ${p['QUERY PLAN']}`).join('\n'));
} finally {
  if (server) await stopServer(server);
  await db.end().catch(() => undefined);
  // BENCH_KEEP_DB=true keeps the seeded database for a look at plans (its name is printed).
  if (BENCH.keepDatabase) console.log(`kept database ${database}`);
  else await drop();
}
