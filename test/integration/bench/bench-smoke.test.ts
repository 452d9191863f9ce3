// The benchmarks run end to end (figures are never asserted: a second of load on a shared
// machine says nothing). What this catches is a benchmark that no longer runs: a baseline
// that fails, a load generator script that breaks, a table that lost its rows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = (script: string, env: Record<string, string>, args: string[] = []) =>
  run('npx', ['tsx', script, ...args], { env: { ...process.env, ...env }, timeout: 170_000, maxBuffer: 10 * 1024 * 1024 });

test('when the comparison bench runs briefly, then it prints the warm read against its baseline, and the CPU per request at a fixed load', async () => {
  const { stdout } = await tsx('bench/run.ts', { BENCH_ONLY: 'warm (L1 + Redis)', BENCH_ROUNDS: '1', BENCH_SECONDS: '1', BENCH_FIXED_RATE: '200' });
  const row = stdout.split('\n').find((line) => line.startsWith('GET /v1/profiles/{id}, warm (L1 + Redis)'));
  expect(row).toMatch(/\s0\.\d\d\s+Koa \+ router, fixed profile\s+0$/);
  expect(stdout).toMatch(/at a fixed 200 req\/s/);
}, 180_000);

test('when the import bench runs on a small file, then the import succeeds and its rate is printed against bare SQL', async () => {
  const { stdout } = await tsx('bench/import.ts', { BENCH_ROUNDS: '1', BENCH_IMPORT_LINES: '2000' });
  expect(stdout).toMatch(/POST \/v1\/profiles\/import, accepted to succeeded\s+\d+\s+\d\.\d\d/);
}, 180_000);
