// The benchmarks run end to end (figures are never asserted: a second of load on a shared
// machine says nothing). What this catches is a benchmark that no longer runs: a baseline
// that fails, a load generator script that breaks, a table that lost its rows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = (script: string, env: Record<string, string>, args: string[] = []) =>
  run('npx', ['tsx', script, ...args], { env: { ...process.env, ...env }, timeout: 250_000, maxBuffer: 10 * 1024 * 1024 });

test('when the comparison bench runs briefly with its ablation rows, then it prints the warm read, the batch, tracing and each ablation against its floor and bare Koa, and their CPU per request at a fixed load', async () => {
  const { stdout } = await tsx(
    'bench/run.ts',
    {
      BENCH_ONLY: 'warm,batch,traced-10,ablation-headers,ablation-no-log,ablation-traced,ablation-unsampled',
      BENCH_ROUNDS: '1',
      BENCH_SECONDS: '1',
      BENCH_FIXED_RATE: '200',
      BENCH_LOG: 'pipe',
    },
    ['--ablation'],
  );
  const lines = stdout.split('\n');
  // name, req/s, p50, p99, RSS, of floor, of bare, errors
  const withBoth = /\s\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d\.\d\d\s+\d\.\d\d\s+0$/;
  expect(lines.find((line) => line.startsWith('GET /v1/profiles/{id}, warm (L1 + Redis)'))).toMatch(withBoth);
  expect(lines.find((line) => line.startsWith('floor: Koa + headers + request line, fixed'))).toMatch(/\s\d\.\d\d\s+0$/);
  const ablations = lines.filter((line) => line.startsWith('ablation: ') && withBoth.test(line));
  expect(ablations.map((line) => line.slice(0, 46).trim())).toEqual([
    "ablation: bare Koa + the service's headers",
    'ablation: warm (L1 only), request log off',
    'ablation: warm, traced (all sampled)',
    'ablation: warm, traced (none sampled)',
  ]);
  expect(stdout).toMatch(/^warm, traced, parent-based 10 % sampled: \d\.\d\d of the warm read's req\/s with tracing off/m);
  const fixedRate = stdout.slice(stdout.indexOf('at a fixed 200 req/s'));
  expect(fixedRate).toMatch(/^ablation: warm \(L1 only\), request log off\s+\d+\.\d{3}\s+[\d.]+\s+\d\.\d\d\s+\d\.\d\d/m);
  expect(stdout).toMatch(/^100 warm profiles in one batch: \d+\.\dx the profiles per second of single warm GETs/m);
}, 260_000);

test('when the search bench runs on a small table, then it prints each kind of search and the plan of a fuzzy one', async () => {
  const { stdout } = await tsx('bench/search.ts', { BENCH_SEARCH_ROWS: '5000', BENCH_ROUNDS: '1', BENCH_SECONDS: '1' });
  const rows = stdout.split('\n').filter((line) => /^(a first name|the first 4 letters|a last name with a typo|a handle)\D/.test(line));
  // Each kind measured, and no request failed (the last column counts errors).
  expect(rows.map((row) => row.trim().split(/\s+/).at(-1))).toEqual(['0', '0', '0', '0']);
  // At 5,000 rows the planner may rightly scan the table; at 1,000,000 it uses the trigram indexes.
  expect(stdout).toMatch(/Plan for q="[a-z]+":\n {2}\S/);
}, 180_000);

test('when the rate-limit bench runs, then three instances together never answer more reads than the limit', async () => {
  const { stdout } = await tsx('bench/rate-limit.ts', { BENCH_RATE_LIMITS: '20', BENCH_ROUNDS: '2' });
  const row = stdout.split('\n').find((line) => /^\s+20\s+2\s/.test(line));
  // limit, trials, answered min-max, overshoot, undershoot, other statuses
  const [, , answered, overshoot, , other] = row!.trim().split(/\s+/);
  expect(Number(answered!.split('-')[1])).toBeLessThanOrEqual(20);
  expect(overshoot).toBe('0');
  expect(other).toBe('0');
}, 180_000);

test('when the import bench runs on a small file, then the import succeeds with events off and on, each rate printed against bare SQL and events on against off', async () => {
  const { stdout } = await tsx('bench/import.ts', { BENCH_ROUNDS: '1', BENCH_IMPORT_LINES: '2000' });
  expect(stdout).toMatch(/POST \/v1\/profiles\/import, events off \(EVENTS_ENABLED\)\s+\d+\s+\d\.\d\d\s+1\.00/);
  expect(stdout).toMatch(/POST \/v1\/profiles\/import, events on \(one per profile\)\s+\d+\s+\d\.\d\d\s+\d\.\d\d/);
}, 180_000);

test('when the capacity check runs briefly, then each of the three instances serves its share of the mix with no failed request, and the dependencies are counted', async () => {
  const { stdout } = await tsx('bench/capacity.ts', { BENCH_SECONDS: '1', BENCH_CAPACITY_RATE: '300' });
  // instance, req/s, p50, p99, non-2xx, errors, CPU ms per request
  const rows = stdout.split('\n').filter((line) => /^[0-2]\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\.\d{3}$/.test(line));
  expect(rows.map((row) => row.trim().split(/\s+/).slice(4, 6))).toEqual([
    ['0', '0'],
    ['0', '0'],
    ['0', '0'],
  ]);
  expect(stdout).toMatch(/^PostgreSQL: \d+ transactions\/s, at most \d+ connections busy at once/m);
  expect(stdout).toMatch(/^RabbitMQ: \d+ events published\/s/m);
}, 180_000);
