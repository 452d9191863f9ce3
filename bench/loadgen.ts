// The load generators of the benchmark. wrk (one thread, a C program) when it is installed:
// it leaves more of the two cores to the server than autocannon, which runs in this Node
// process. BENCH_LOADGEN=autocannon forces autocannon. Fixed-rate runs (CPU per request at a
// given load) always use autocannon, the one of the two that paces its requests.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH } from './settings.js';

export interface Load {
  readonly method: 'GET' | 'POST';
  /** Paths taken in turn, one per request. */
  readonly paths: readonly string[];
  readonly headers: Record<string, string>;
  /** A POST body; `%d` becomes a number unique within the run. */
  readonly bodyTemplate?: string;
}

export interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly requests: number;
}

const hasWrk = (() => {
  if (BENCH.loadGenerator === 'autocannon') return false;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
})();

export const loadGeneratorName = hasWrk ? 'wrk 4 (1 thread)' : 'autocannon';

let runs = 0;
const scripts = mkdtempSync(join(tmpdir(), 'bench-wrk-'));

export function measure(url: string, load: Load, seconds: number, connections: number): Promise<Sample> {
  return hasWrk ? withWrk(url, load, seconds, connections) : withAutocannon(url, load, seconds, connections);
}

/** At a fixed rate (requests per second over all connections): for CPU per request below saturation. */
export async function measureAtRate(url: string, load: Load, seconds: number, connections: number, rate: number): Promise<Sample> {
  return withAutocannon(url, load, seconds, connections, rate);
}

async function withAutocannon(url: string, load: Load, seconds: number, connections: number, overallRate?: number): Promise<Sample> {
  let next = 0;
  // Separated, so that run 1's 20th body and run 12's first cannot be the same profile.
  const prefix = `${process.pid}_${++runs}_`;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: load.headers,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: load.method,
        setupRequest: (req: autocannon.Request) => {
          const n = next++;
          return {
            ...req,
            path: load.paths[n % load.paths.length]!,
            ...(load.bodyTemplate ? { body: load.bodyTemplate.replaceAll('%d', `${prefix}${n}`) } : {}),
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

function luaString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

async function withWrk(url: string, load: Load, seconds: number, connections: number): Promise<Sample> {
  const script = join(scripts, `run-${++runs}.lua`);
  const prefix = `${process.pid}_${runs}_`;
  writeFileSync(
    script,
    [
      `local paths = { ${load.paths.map(luaString).join(', ')} }`,
      `local headers = { ${Object.entries(load.headers)
        .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
        .join(', ')} }`,
      `local template = ${load.bodyTemplate ? luaString(load.bodyTemplate.replaceAll('%d', `${prefix}%d`)) : 'nil'}`,
      'local n = 0',
      'request = function()',
      '  n = n + 1',
      '  local body = nil',
      '  if template then body = (string.gsub(template, "%%d", tostring(n))) end',
      `  return wrk.format(${luaString(load.method)}, paths[(n % #paths) + 1], headers, body)`,
      'end',
    ].join('\n'),
  );
  const output = await new Promise<string>((resolve, reject) => {
    execFile('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], (error, stdout) =>
      error ? reject(new Error(`wrk failed: ${error.message}`)) : resolve(stdout),
    );
  });
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const latencyMs = (percent: string) => {
    const match = new RegExp(`\\s${percent}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50: latencyMs('50'),
    p99: latencyMs('99'),
    errors: number(/Non-2xx or 3xx responses: (\d+)/) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    requests: number(/(\d+) requests in/),
  };
}
