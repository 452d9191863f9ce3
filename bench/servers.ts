// Server processes for the benchmark: start one on a free port, wait for readiness, read its
// peak memory, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
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
