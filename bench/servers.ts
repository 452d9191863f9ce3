// Server processes for the benchmark: start one on a free port, wait for readiness, seed it,
// read its CPU time and peak memory, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createProfileClient } from '../clients/typescript/src/index.js';
import { BENCH } from './settings.js';

export interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

/** A port nobody listens on now (the OS picks it; the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/**
 * Starts `node <script>` and waits until its readiness endpoint answers 200. With
 * BENCH_CPU_PROFILE=<dir>, the server writes a CPU profile there when it stops (open it in
 * Chrome's DevTools, or summarise it with tools/profile/summary.ts).
 */
export async function startServer(script: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const profileDir = BENCH.cpuProfileDir;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env, SERVER_PORT: String(port) },
    stdio: ['ignore', logDestination(), 'inherit'],
  });
  // A pipe is read as a log agent reads it: as fast as it comes, and thrown away.
  child.stdout?.resume();
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (exitCode !== undefined) throw new Error(`${script} exited with ${exitCode}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (res) => res.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready within 60 s`);
}

const logDir = BENCH.log === 'file' ? mkdtempSync(join(tmpdir(), 'bench-logs-')) : '';
let logFiles = 0;

/** BENCH_LOG: /dev/null (the default), a file of each server's own, or a pipe to the bench. */
function logDestination(): 'ignore' | 'pipe' | number {
  if (BENCH.log === 'pipe') return 'pipe';
  if (BENCH.log === 'file') return openSync(join(logDir, `server-${++logFiles}.log`), 'a');
  return 'ignore';
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Peak resident set size of a process so far, in MiB (VmHWM). */
export function peakRssMiB(server: Server): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The process's CPU time so far (user + system), in milliseconds. */
export function cpuMs(server: Server): number {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** `count` profiles made through the API, 25 at a time, by the shipped client; their ids. */
export async function seed(server: Server, admin: string, count: number): Promise<string[]> {
  const client = createProfileClient({ baseUrl: server.url, token: admin });
  const ids: string[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) => start + i);
    const created = await Promise.all(
      batch.map((n) =>
        client.createProfile({
          ownerId: `seed-${n}`,
          handle: `seed_${String(n).padStart(5, '0')}`,
          email: `seed${n}@bench.example.com`,
          displayName: `Seed ${n}`,
        }),
      ),
    );
    ids.push(...created.map(({ value }) => value.id));
  }
  return ids;
}
