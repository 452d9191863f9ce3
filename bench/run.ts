// npm run bench: the service's requests against baselines measured in the same run. Every
// scenario has a server process of its own; scenarios are measured in interleaved rounds, so a
// noisy neighbour slows a baseline and the service alike. Each row shows medians over the
// rounds and two ratios, taken round by round: to its floor (the headline) and to bare Koa.
//   warm reads            / bare Koa answering a fixed profile
//   reads with no cache   / bare Koa + one primary-key SELECT through pg
//   the list              / bare Koa + the same keyset query
//   creates               / bare Koa + one INSERT of the profile and its event row
// A floor is that bare server with what the contract and the design card add to every request:
// the response headers and one bunyan request line. What the service costs beyond its floor is
// its own work. The service runs as in production: authentication, the Redis rate limit,
// metrics, request logs at info (BENCH_LOG: to /dev/null, a file, or a pipe the bench reads). A
// second table gives the server's CPU time per request at a fixed load below saturation (from
// /proc/<pid>/stat), far steadier than saturated throughput on a shared machine. Figures are
// printed, never asserted by tests.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { loadGeneratorName, measure, measureAtRate, type Load, type Sample } from './loadgen.js';
import { REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { cpuMs, peakRssMiB, seed, startServer, stopServer, type Server } from './servers.js';
import { soak } from './soak.js';
import { BENCH, roundsOr } from './settings.js';

const SECONDS = BENCH.seconds;
const ROUNDS = roundsOr(3);
const CONNECTIONS = 50;
const FIXED_RATE = BENCH.fixedRate;
/** The fixed rate of the requests that reach PostgreSQL: well below what this machine serves of them (about 2,500/s). */
const SLOW_RATE = Math.min(500, FIXED_RATE);
const LOG_LEVEL = BENCH.logLevel;
const ABLATION = process.argv.includes('--ablation');
const COMPARE = BENCH.compare;
const SECRET = randomBytes(32).toString('base64url');
const RUN = randomBytes(3).toString('hex');
const DB_NAME = `profiles_bench_${RUN}`;
const SERVICE = 'dist/bootstrap/server.js';
const LOG_TARGET = { null: '/dev/null', file: 'a file', pipe: 'a pipe the bench reads' } as const;
const BASELINE = 'bench/baseline-server.mjs';

const dbEnv = {
  // Eight servers at once: 10 connections each stays inside PostgreSQL's default of 100.
  ...postgresEnv(DB_NAME),
  DB_POOL_MAX: '10',
};
const serviceEnv = (cacheDriver: string): Record<string, string> => ({
  SERVER_HOST: '127.0.0.1',
  LOG_LEVEL,
  AUTH_JWT_SECRET: SECRET,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')),
  ...dbEnv,
  CACHE_DRIVER: cacheDriver,
  REDIS_ADDRESS,
  CACHE_KEY_PREFIX: `bench-${RUN}`,
  RATE_LIMIT_READS: '10000000',
  RATE_LIMIT_WRITES: '10000000',
});
const baselineEnv = (mode: string): Record<string, string> => ({ BASELINE_MODE: mode, ...dbEnv });

/** The baselines, each a bare Koa server doing the least the service's request does. */
type BaselineId = 'base-fixed' | 'base-select' | 'base-list' | 'base-insert';
/** The floors: the same with the service's headers and request line. */
type FloorId = 'floor-fixed' | 'floor-select' | 'floor-list' | 'floor-insert';
type ScenarioId =
  | BaselineId
  | FloorId
  | 'warm'
  | 'traced-10'
  | 'warm-l1'
  | 'cache-off'
  | 'list'
  | 'create'
  | 'batch'
  | 'compare'
  | 'ablation-headers'
  | 'ablation-no-log'
  | 'ablation-traced'
  | 'ablation-unsampled';

interface Scenario {
  /** What BENCH_ONLY names it by. */
  readonly id: ScenarioId;
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly load: Load;
  /** The baseline this row is a ratio of; itself for a baseline. */
  readonly baseline: BaselineId;
  /** The floor this row's headline ratio is taken to. */
  readonly floor?: FloorId;
  /**
   * Measured at a fixed rate too (server CPU per request): BENCH_FIXED_RATE, or the rate given
   * for a request this machine serves fewer of. The first such row is that table's baseline.
   */
  readonly atFixedRate?: boolean | number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function scenarios(ids: string[], admin: string, user: string): Scenario[] {
  // Reads cycle over 100 profiles, so the warm cache holds them all.
  const byId = (headers: Record<string, string>): Load => ({
    method: 'GET',
    paths: ids.slice(0, 100).map((id) => `/v1/profiles/${id}`),
    headers,
  });
  const asUser = { authorization: `Bearer ${user}` };
  const list: Load = { method: 'GET', paths: ['/v1/profiles?limit=20'], headers: asUser };
  const create = (prefix: string, headers: Record<string, string>): Load => ({
    method: 'POST',
    paths: ['/v1/profiles'],
    headers: { ...headers, 'content-type': 'application/json' },
    bodyTemplate: JSON.stringify({
      ownerId: `${prefix}%d`,
      handle: `${prefix}%d`,
      email: `${prefix}%d@bench.example.com`,
      displayName: 'Bench',
    }),
  });
  return [
    ...baselinesAndFloors(byId, list, create),
    {
      id: 'warm',
      name: 'GET /v1/profiles/{id}, warm (L1 + Redis)',
      script: SERVICE,
      env: serviceEnv('redis'),
      load: byId(asUser),
      baseline: 'base-fixed',
      floor: 'floor-fixed',
      atFixedRate: true,
    },
    {
      id: 'traced-10',
      name: 'warm, traced, parent-based 10 % sampled',
      script: SERVICE,
      env: {
        ...serviceEnv('redis'),
        OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_SINK,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      },
      load: byId(asUser),
      baseline: 'base-fixed',
      floor: 'floor-fixed',
    },
    {
      id: 'warm-l1',
      name: 'GET /v1/profiles/{id}, warm (L1 only)',
      script: SERVICE,
      env: serviceEnv('memory'),
      load: byId(asUser),
      baseline: 'base-fixed',
      floor: 'floor-fixed',
      atFixedRate: true,
    },
    {
      id: 'cache-off',
      name: 'GET /v1/profiles/{id}, cache off',
      script: SERVICE,
      env: serviceEnv('none'),
      load: byId(asUser),
      baseline: 'base-select',
      floor: 'floor-select',
      atFixedRate: SLOW_RATE,
    },
    {
      id: 'list',
      name: 'GET /v1/profiles?limit=20',
      script: SERVICE,
      env: serviceEnv('redis'),
      load: list,
      baseline: 'base-list',
      floor: 'floor-list',
      atFixedRate: SLOW_RATE,
    },
    {
      id: 'create',
      name: 'POST /v1/profiles',
      script: SERVICE,
      env: serviceEnv('redis'),
      load: create(`c${RUN}`, { authorization: `Bearer ${admin}` }),
      baseline: 'base-insert',
      floor: 'floor-insert',
      atFixedRate: SLOW_RATE,
    },
    // The same 100 warm profiles as the warm reads, in one request.
    {
      id: 'batch',
      name: 'GET /v1/profiles?ids=<100 warm ids>',
      script: SERVICE,
      env: serviceEnv('redis'),
      load: { method: 'GET', paths: [`/v1/profiles?ids=${ids.slice(0, 100).join(',')}`], headers: asUser },
      baseline: 'base-fixed',
    },
    ...(ABLATION ? ablation(byId, asUser) : []),
    // BENCH_COMPARE=<another checkout's dist/bootstrap/server.js>: its warm read in the same rounds,
    // for a change's cost as a same-run ratio (build the other checkout first).
    ...(COMPARE !== undefined
      ? [
          {
            id: 'compare',
            name: 'warm (L1 + Redis), BENCH_COMPARE build',
            script: COMPARE,
            env: serviceEnv('redis'),
            load: byId(asUser),
            baseline: 'base-fixed',
          } as const,
        ]
      : []),
  ];
}

/**
 * The bare baselines, one per request type, and each one's floor: the same server with the
 * service's response headers and its request line.
 */
function baselinesAndFloors(
  byId: (headers: Record<string, string>) => Load,
  list: Load,
  create: (prefix: string, headers: Record<string, string>) => Load,
): Scenario[] {
  const kinds = [
    { kind: 'fixed', mode: 'fixed', answers: 'router, fixed profile', load: () => byId({}) },
    { kind: 'select', mode: 'pg-select', answers: 'pg primary-key SELECT', load: () => byId({}) },
    { kind: 'list', mode: 'pg-list', answers: 'pg keyset page of 20', load: () => ({ ...list, headers: {} }) },
    // Each server its own prefix: their creates must not collide on handles.
    { kind: 'insert', mode: 'pg-insert', answers: 'pg INSERT + its event row', load: (server: string) => create(`${server}${RUN}`, {}) },
  ] as const;
  const baselines = kinds.map(({ kind, mode, answers, load }): Scenario => ({
    id: `base-${kind}`,
    name: `baseline: bare Koa + ${answers}`,
    script: BASELINE,
    env: baselineEnv(mode),
    load: load('b'),
    baseline: `base-${kind}`,
    ...(kind === 'fixed' ? { atFixedRate: true } : {}),
  }));
  const floors = kinds.map(({ kind, mode, answers, load }): Scenario => ({
    id: `floor-${kind}`,
    name: kind === 'fixed' ? 'floor: Koa + headers + request line, fixed' : `floor: ... + ${answers}`,
    script: BASELINE,
    env: { ...baselineEnv(mode), BASELINE_HEADERS: '1', BASELINE_LOG: '1' },
    load: load('f'),
    baseline: `base-${kind}`,
    ...(kind === 'fixed' ? { atFixedRate: true } : {}),
  }));
  return [...baselines, ...floors];
}

/**
 * `--ablation`: the warm read's cost taken apart, one part at a time, each row at the fixed rate
 * too: bare Koa with the service's headers (the floor adds the request line); the service
 * without its request log line; the service as in production with L1 only (in-process rate limit);
 * the warm read traced (OTEL_EXPORTER_OTLP_ENDPOINT set, every request sampled, spans posted to a
 * sink in this process) and traced with nothing sampled. Set beside the warm read's own row
 * (tracing off), they give what tracing costs.
 */
function ablation(byId: (headers: Record<string, string>) => Load, asUser: Record<string, string>): Scenario[] {
  return [
    {
      id: 'ablation-headers' as const,
      name: "ablation: bare Koa + the service's headers",
      script: BASELINE,
      env: { ...baselineEnv('fixed'), BASELINE_HEADERS: '1' },
      load: byId({}),
    },
    {
      id: 'ablation-no-log' as const,
      name: 'ablation: warm (L1 only), request log off',
      script: SERVICE,
      env: { ...serviceEnv('memory'), LOG_LEVEL: 'warn' },
      load: byId(asUser),
    },
    {
      id: 'ablation-traced' as const,
      name: 'ablation: warm, traced (all sampled)',
      script: SERVICE,
      env: { ...serviceEnv('redis'), OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_SINK },
      load: byId(asUser),
    },
    {
      id: 'ablation-unsampled' as const,
      name: 'ablation: warm, traced (none sampled)',
      script: SERVICE,
      env: { ...serviceEnv('redis'), OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_SINK, OTEL_TRACES_SAMPLER: 'always_off' },
      load: byId(asUser),
    },
  ].map((row) => ({ ...row, baseline: 'base-fixed', floor: 'floor-fixed', atFixedRate: true }));
}

async function cpuPerRequest(server: Server, load: Load, rate: number): Promise<{ cpuMs: number; sample: Sample }> {
  const before = cpuMs(server);
  const sample = await measureAtRate(server.url, load, SECONDS, CONNECTIONS, rate);
  return { cpuMs: (cpuMs(server) - before) / sample.requests, sample };
}

function report(
  list: Scenario[],
  samples: Sample[][],
  rss: number[],
  fixed: { name: string; rows: { cpuMs: number; sample: Sample }[] }[],
): void {
  const cell = (x: string | number, width = 9) => String(x).padStart(width);
  console.log(
    `\nnode ${process.version}, ${cpus().length} CPUs, load from ${loadGeneratorName}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per scenario, service LOG_LEVEL=${LOG_LEVEL}, logs to ${LOG_TARGET[BENCH.log]}`,
  );
  console.log(
    'medians over the rounds; each ratio is the median of (req/s / the req/s of its floor, or of bare Koa doing the same, in the same round)\n',
  );
  console.log(
    `${'scenario'.padEnd(46)}${cell('req/s')}${cell('p50 ms')}${cell('p99 ms')}${cell('RSS MiB')}${cell('of floor')}${cell('of bare')}${cell('errors')}`,
  );
  const ratioTo = (i: number, id: ScenarioId | undefined) => {
    const of = list.findIndex((s) => s.id === id);
    return of < 0 || of === i ? '' : median(samples[i]!.map((s, round) => s.rps / samples[of]![round]!.rps)).toFixed(2);
  };
  list.forEach((scenario, i) => {
    const rows = samples[i]!;
    console.log(
      `${scenario.name.padEnd(46)}${cell(median(rows.map((s) => s.rps)).toFixed(0))}${cell(median(rows.map((s) => s.p50)).toFixed(1))}` +
        `${cell(median(rows.map((s) => s.p99)).toFixed(1))}${cell(rss[i]!.toFixed(0))}${cell(ratioTo(i, scenario.floor))}${cell(ratioTo(i, scenario.baseline))}${cell(rows.reduce((n, s) => n + s.errors, 0))}`,
    );
  });
  // Tracing's cost: the traced rows against the warm read (tracing off) in the same rounds.
  const warmRow = list.findIndex((s) => s.id === 'warm');
  for (const traced of ['traced-10', 'ablation-unsampled', 'ablation-traced'] as const) {
    const i = list.findIndex((s) => s.id === traced);
    if (i < 0 || warmRow < 0) continue;
    const share = median(samples[i]!.map((s, round) => s.rps / samples[warmRow]![round]!.rps));
    console.log(
      `${list[i]!.name}: ${share.toFixed(2)} of the warm read's req/s with tracing off (costs ${((1 - share) * 100).toFixed(0)} %)`,
    );
  }
  console.log(`\nat a fixed ${FIXED_RATE} req/s (autocannon paces it), server CPU per request from /proc; medians over the rounds\n`);
  console.log(`${'scenario'.padEnd(46)}${cell('CPU ms')}${cell('p99 ms')}${cell('CPU x')}${cell('of floor')}${cell('p99 x')}`);
  const [base, ...others] = fixed;
  const floor = fixed.find((row) => row.name === list.find((s) => s.id === 'floor-fixed')?.name);
  for (const row of fixed) {
    const cpu = median(row.rows.map((r) => r.cpuMs));
    const p99 = median(row.rows.map((r) => r.sample.p99));
    const cpuRatio = (to: typeof base) =>
      to === undefined || to === row ? '' : median(row.rows.map((r, round) => r.cpuMs / to.rows[round]!.cpuMs)).toFixed(2);
    const p99Ratio = median(row.rows.map((r, round) => r.sample.p99 / (base!.rows[round]!.sample.p99 + 1)));
    const isBase = row === base;
    console.log(
      `${row.name.padEnd(46)}${cell(cpu.toFixed(3))}${cell(p99.toFixed(1))}${cell(cpuRatio(base))}${cell(cpuRatio(floor))}${cell(isBase ? '' : p99Ratio.toFixed(2))}`,
    );
  }
  if (others.length > 0)
    console.log('"CPU x": CPU per request over bare Koa\'s; "of floor": over the floor\'s; "p99 x": p99 over (bare Koa\'s p99 + 1 ms)');
  const warm = list.findIndex((s) => s.id === 'warm');
  const batch = list.findIndex((s) => s.id === 'batch');
  if (warm >= 0 && batch >= 0) {
    // Profiles served per second through batches of 100, over those served one GET each, round by round.
    const gain = median(samples[batch]!.map((s, round) => (s.rps * 100) / samples[warm]![round]!.rps));
    console.log(
      `\n100 warm profiles in one batch: ${gain.toFixed(1)}x the profiles per second of single warm GETs (a batch costs ${(100 / gain).toFixed(1)} GETs)`,
    );
  }
}

// Where the traced rows post their spans: an OTLP/HTTP endpoint that takes them and drops them.
const otlpSink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((resolve) => otlpSink.listen(0, '127.0.0.1', resolve));
const OTLP_SINK = `http://127.0.0.1:${(otlpSink.address() as AddressInfo).port}`;

const secret = new TextEncoder().encode(SECRET);
const admin = await mintToken({ secret }, { subject: 'bench-admin', roles: ['admin'], ttlSeconds: 3600 });
const user = await mintToken({ secret }, { subject: 'bench-reader', roles: ['user'], ttlSeconds: 3600 });

const database = await createBenchDatabase(DB_NAME);
const servers: Server[] = [];
try {
  const seeder = await startServer(SERVICE, serviceEnv('redis'));
  const ids = await seed(seeder, admin, 1000).finally(() => stopServer(seeder));
  const all = scenarios(ids, admin, user);
  if (process.argv.includes('--soak')) {
    const warm = all.find((s) => s.id === 'warm')!;
    servers.push(await startServer(warm.script, warm.env));
    await soak(servers[0]!, warm.load, CONNECTIONS);
  } else {
    await compare(all);
  }
} finally {
  await Promise.all(servers.map(stopServer));
  await database.drop();
  otlpSink.close();
}

async function compare(all: Scenario[]): Promise<void> {
  // BENCH_ONLY=<id>[,<id>...]: only these scenarios, with the baselines they need.
  const unknown = (BENCH.only ?? []).filter((id) => !all.some((s) => s.id === id));
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY: no scenario ${unknown.join(', ')}; the scenarios are ${all.map((s) => s.id).join(', ')}`);
  const wanted = new Set(
    all.flatMap((s) => (BENCH.only === undefined || BENCH.only.includes(s.id) ? [s.id, s.baseline, ...(s.floor ? [s.floor] : [])] : [])),
  );
  const list = all.filter((s) => wanted.has(s.id));
  for (const scenario of list) servers.push(await startServer(scenario.script, scenario.env));
  // A warm-up fills caches and lets V8 optimise before anything is measured.
  for (const [i, scenario] of list.entries()) await measure(servers[i]!.url, scenario.load, 2, CONNECTIONS);
  const samples: Sample[][] = list.map(() => []);
  const fixedRows = list.flatMap((s, i) => (s.atFixedRate === undefined || s.atFixedRate === false ? [] : [i]));
  const rateOf = (i: number) => (typeof list[i]!.atFixedRate === 'number' ? list[i]!.atFixedRate : FIXED_RATE);
  const fixed = fixedRows.map((i) => ({
    name: rateOf(i) === FIXED_RATE ? list[i]!.name : `${list[i]!.name} @${rateOf(i)}`,
    rows: [] as { cpuMs: number; sample: Sample }[],
  }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, scenario] of list.entries()) samples[i]!.push(await measure(servers[i]!.url, scenario.load, SECONDS, CONNECTIONS));
    for (const [k, i] of fixedRows.entries()) fixed[k]!.rows.push(await cpuPerRequest(servers[i]!, list[i]!.load, rateOf(i)));
  }
  report(list, samples, servers.map(peakRssMiB), fixed);
}
