// Runs the compiled service (dist/, as `npm start` does) in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly logs: () => Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'profiles-process-'));

export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_ENV: _nodeEnv, AUTH_JWT_SECRET: _secret, ...inherited } = process.env;
  // Tests that are about shutdown set their own SHUTDOWN_DELAY; the others need not wait for one.
  return { ...inherited, SERVER_PORT: '0', WORKER_HTTP_PORT: '0', SERVER_HOST: '127.0.0.1', SHUTDOWN_DELAY: '0s', ...extra };
}

/** Starts dist/bootstrap/worker.js (`npm run worker`) and resolves once it logs that it is ready. */
export const startWorkerProcess = (env: Record<string, string>, timeoutMs = 20_000) =>
  startServiceProcess(env, timeoutMs, 'dist/bootstrap/worker.js');

/** Starts dist/bootstrap/server.js (or another entry point) and resolves once it logs that it is ready. */
export function startServiceProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
  script = 'dist/bootstrap/server.js',
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [script], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service not ready in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    let buffered = '';
    let port = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry['step'] === 'listen') port = Number(entry['port']);
        if (entry['step'] === 'ready') {
          clearTimeout(timer);
          resolve({ child, port, url: `http://127.0.0.1:${port}`, logs: () => lines, exited });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}

/** Runs a compiled entry point to completion (optionally as another user). */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  as: { uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'], ...as });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Mints a token with the token CLI (same DATA_DIR as the service) and creates a profile as that subject. */
export async function createProfileAs(service: ServiceProcess, dataDir: string, subject: string, body: Record<string, string>) {
  const minted = await runNode('dist/bootstrap/cli/token.js', ['--sub', subject, '--role', 'user'], { DATA_DIR: dataDir });
  if (minted.code !== 0) throw new Error(`token CLI failed: ${minted.stderr}`);
  const headers = { authorization: `Bearer ${minted.stdout.trim()}`, 'content-type': 'application/json' };
  const response = await fetch(`${service.url}/v1/profiles`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { response, headers };
}
