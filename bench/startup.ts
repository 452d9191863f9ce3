// npm run bench:startup: how long the compiled server takes from spawn to ready on the embedded
// database, on a fresh DATA_DIR (seeded from the build's template, then migrated) and on a
// restart, and how slowly /health/live answers meanwhile. The baseline, measured in the same
// rounds, is bare Koa spawning and answering: what Node and the framework cost before any of
// our code runs. Rounds interleave the four (PostgreSQL too) so a noisy neighbour slows them alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, postgresEnv } from './environment.js';
import { freePort } from './servers.js';
import { roundsOr } from './settings.js';

const ROUNDS = roundsOr(7);
const POLL_MS = 50;

interface Run {
  /** Spawn to the first 200 from /health/ready. */
  readyMs: number;
  /** The slowest /health/live answer between the first one and readiness. */
  worstLiveMs: number;
}

function get(port: number, path: string): Promise<{ status: number; ms: number } | null> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** Spawns `script`, polls /health/live every 50 ms (each poll on its own) and /health/ready until 200. */
async function measure(script: string, env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, LOG_LEVEL: 'warn', SERVER_HOST: '127.0.0.1', ...env, SERVER_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let worstLiveMs = 0;
  let ready = false;
  const polls: Promise<void>[] = [];
  const poller = setInterval(() => {
    polls.push(
      get(port, '/health/live').then((live) => {
        if (live && !ready) worstLiveMs = Math.max(worstLiveMs, live.ms);
      }),
    );
  }, POLL_MS);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      if ((await get(port, '/health/ready'))?.status === 200) break;
      if (performance.now() - started > 60_000) throw new Error(`${script} was not ready within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = performance.now() - started;
    ready = true;
    return { readyMs, worstLiveMs };
  } finally {
    clearInterval(poller);
    await Promise.all(polls);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const SECRET = { AUTH_JWT_SECRET: 'bench-startup-secret-of-at-least-32-bytes' };
// On PostgreSQL: the machine's server (PGHOST and friends), a database of its own, migrated
// by a first start; the measured starts find it migrated, as a rolling deploy does.
const pgDatabase = `profiles_bench_startup_${process.pid}`;
const database = await createBenchDatabase(pgDatabase);
const pgEnv = { ...SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-startup-pg-')), ...postgresEnv(pgDatabase) };
const runs: Record<'baseline' | 'fresh' | 'restart' | 'postgres', Run[]> = { baseline: [], fresh: [], restart: [], postgres: [] };
const restartDir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
await measure('dist/bootstrap/server.js', { ...SECRET, DATA_DIR: restartDir });
await measure('dist/bootstrap/server.js', pgEnv);
for (let round = 0; round < ROUNDS; round++) {
  runs.postgres.push(await measure('dist/bootstrap/server.js', pgEnv));
  runs.baseline.push(await measure('bench/baseline-server.mjs', {}));
  const fresh = join(mkdtempSync(join(tmpdir(), 'bench-startup-')), 'data');
  runs.fresh.push(await measure('dist/bootstrap/server.js', { ...SECRET, DATA_DIR: fresh }));
  rmSync(fresh, { recursive: true, force: true });
  runs.restart.push(await measure('dist/bootstrap/server.js', { ...SECRET, DATA_DIR: restartDir }));
}
rmSync(restartDir, { recursive: true, force: true });
await database.drop();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(runs.baseline.map((r) => r.readyMs));
const row = (name: string, rs: Run[], goal: string) => {
  const ready = rs.map((r) => r.readyMs);
  return [
    name.padEnd(44),
    String(Math.round(median(ready))).padStart(7),
    String(Math.round(Math.min(...ready))).padStart(6),
    String(Math.round(Math.max(...ready))).padStart(6),
    (median(ready) / base).toFixed(2).padStart(8),
    String(Math.round(Math.max(...rs.map((r) => r.worstLiveMs)))).padStart(13),
    `  ${goal}`,
  ].join(' ');
};
console.log(`start to ready, ${ROUNDS} interleaved rounds (ms)`);
console.log(`${'scenario'.padEnd(44)}  median    min    max  vs base  worst live ms  goal`);
console.log(row('baseline: bare Koa, spawn to first answer', runs.baseline, ''));
console.log(row('server on PGlite, fresh DATA_DIR', runs.fresh, 'ready <= 3000 ms, live <= 100 ms'));
console.log(row('server on PGlite, restart', runs.restart, 'ready <= 1500 ms, live <= 100 ms'));
console.log(row('server on PostgreSQL (migrated)', runs.postgres, 'ready <= 1000 ms'));
