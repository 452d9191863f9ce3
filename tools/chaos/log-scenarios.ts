// The drill of the request log's reader: the log shipper stalls (the drill stops reading the
// server's stdout) under load. docs/chaos.md says why each bar is what it is.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { duration, lostWritesBar, ms, no5xxBar, samples, unanswered } from './bars.js';
import type { DrillContext, Scenario } from './drill.js';
import { sampleSum } from '../metrics/exposition.js';
import { bar } from './report.js';

/** The drill's LOG_BUFFER_BYTES: small, so that the bound is reached within the first second of the stall. */
const LOG_BUFFER_BYTES = 1024 * 1024;
const ANSWER_WITHIN_MS = 1000;
/** What the pipe between the server and the drill holds besides the server's bound: the kernel's buffer and the reader's own. */
const PIPE_BYTES = 1024 * 1024;
const MIB = 1024 * 1024;

/** The resident set of a process, from /proc (the drill runs on the service's machine). */
function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

async function droppedLines(ctx: DrillContext): Promise<number> {
  const reply = await ctx.load.client.send(`${ctx.servers[0]!.url}/metrics`, 'GET');
  return sampleSum(reply.body, 'log_lines_dropped_total') ?? NaN;
}

/** The bytes of the log lines (as written, one per line) stamped from `from` to before `to`, in ms since the epoch. */
export function bytesLoggedBetween(lines: readonly Record<string, unknown>[], from: number, to: number): number {
  return lines
    .filter((line) => {
      const at = Date.parse(String(line['time']));
      return at >= from && at < to;
    })
    .reduce((bytes, line) => bytes + Buffer.byteLength(JSON.stringify(line)) + 1, 0);
}

let sampler: NodeJS.Timeout | undefined;
let flood: autocannon.Instance | undefined;

const logReaderStall: Scenario = {
  name: 'log-reader-stall',
  summary: "the log shipper stops reading the server's stdout under load, then reads again",
  drivers: { db: 'postgres', cache: 'memory', queue: 'memory' },
  instances: 1,
  serverEnv: { LOG_BUFFER_BYTES: String(LOG_BUFFER_BYTES) },
  mix: { get: 8, list: 1, create: 1 },
  ratePerSecond: 2500,
  concurrency: 16,
  inject: (ctx) => {
    const server = ctx.servers[0]!;
    server.child.stdout!.pause();
    ctx.marks['stalled'] = Date.now();
    const pid = server.child.pid!;
    const before = residentBytes(pid);
    ctx.facts['RSS at the stall'] = `${(before / MIB).toFixed(0)} MiB`;
    // As many lines as the server can log: probes as fast as it answers them, through 8 connections.
    flood = autocannon({ url: `${server.url}/health/live`, connections: 8, duration: 600 }, () => undefined);
    // Reported, not judged: the heap's own growth under load (several tens of MiB while a cold
    // server warms up) hides what the lines held would add; the bar judges those directly.
    let peak = before;
    sampler = setInterval(() => {
      peak = Math.max(peak, residentBytes(pid));
      ctx.facts['RSS peak during the stall'] = `${(peak / MIB).toFixed(0)} MiB`;
    }, 100);
    return Promise.resolve();
  },
  restore: async (ctx) => {
    clearInterval(sampler);
    flood?.stop();
    ctx.facts['lines dropped'] = await droppedLines(ctx);
    ctx.marks['reading again'] = Date.now();
    ctx.servers[0]!.child.stdout!.resume();
  },
  bars: (m) => {
    const during = samples(m, 'during');
    const slowest = Math.max(0, ...during.map((s) => s.ms));
    const dropped = Number(m.ctx.facts['lines dropped']);
    const logs = m.ctx.servers[0]!.logs;
    const told = logs.find((line) => typeof line['droppedLines'] === 'number');
    // What the server held for its reader: the lines of the stall that reached the reader after it.
    const held = bytesLoggedBetween(logs, m.ctx.marks['stalled']!, m.ctx.marks['reading again']!);
    const toldCount = told === undefined ? null : (told['droppedLines'] as number);
    return [
      bar(
        `no request waits for the log: none takes ${duration(ANSWER_WITHIN_MS)} or more during the stall`,
        during.length > 0 && slowest < ANSWER_WITHIN_MS && unanswered(during) === 0,
        `slowest ${ms(slowest)} of ${during.length}, ${unanswered(during)} unanswered`,
      ),
      bar(
        `the lines held for the stalled reader fit LOG_BUFFER_BYTES (${LOG_BUFFER_BYTES / MIB} MiB) and the pipe (${PIPE_BYTES / MIB} MiB)`,
        held <= LOG_BUFFER_BYTES + PIPE_BYTES,
        `${(held / MIB).toFixed(2)} MiB of the stall's lines arrived once it read again`,
      ),
      bar(
        'once it reads again, one line tells how many were dropped',
        toldCount !== null && toldCount >= dropped,
        toldCount === null ? 'no such line' : `${toldCount} told, ${dropped} counted when the stall ended`,
      ),
      no5xxBar(samples(m)),
      lostWritesBar(m),
    ];
  },
};

export const LOG_SCENARIOS: readonly Scenario[] = [logReaderStall];
