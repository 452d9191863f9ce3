// The service processes a drill runs: compiled servers and workers, each in a process group
// of its own (so everything it spawns goes with it), their JSON log lines kept for the report.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export type Role = 'server' | 'worker';

export interface ServiceProcess {
  readonly name: string;
  readonly role: Role;
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: readonly Record<string, unknown>[];
  /** Resolves with the exit status (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  signal(signal: NodeJS.Signals): void;
}

const running = new Set<ServiceProcess>();

export interface StartOptions {
  readonly name: string;
  readonly role: Role;
  /** Where the compiled service is (the project's own, or another build to compare with). */
  readonly serviceDir: string;
  readonly env: Record<string, string>;
  readonly readyTimeoutMs?: number;
}

/** Starts a compiled server or worker and resolves once it logs that it is ready. */
export function startProcess(options: StartOptions): Promise<ServiceProcess> {
  const script = join(options.serviceDir, 'dist/bootstrap', options.role === 'server' ? 'server.js' : 'worker.js');
  const child = spawn(process.execPath, [script], {
    cwd: options.serviceDir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let buffered = '';
  let port = 0;
  let announceReady: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      logs.push(entry);
      if (entry['step'] === 'listen') port = Number(entry['port']);
      if (entry['step'] === 'ready') announceReady?.();
    }
  });
  const service: ServiceProcess = {
    name: options.name,
    role: options.role,
    child,
    logs,
    exited,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    signal(signal) {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
    },
  };
  running.add(service);
  void exited.then(() => running.delete(service));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms; stderr: ${stderr}`)),
      options.readyTimeoutMs ?? 60_000,
    );
    announceReady = () => {
      clearTimeout(timer);
      resolve(service);
    };
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${status}) before it was ready; stderr: ${stderr.trim()}`));
    });
  });
}

/** Waits for a process that was asked to stop, killing it outright after `ms`. */
export async function stopped(service: ServiceProcess, ms: number): Promise<number | string> {
  const timer = setTimeout(() => service.signal('SIGKILL'), ms);
  try {
    return await service.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every process a drill started that still runs (a drill's end, a failure, Ctrl-C). */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const service of left) service.signal('SIGKILL');
  await Promise.all(left.map((service) => service.exited));
}
