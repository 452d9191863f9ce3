// npm run bench -- --soak: a million warm reads against one server; its resident memory after
// the first 100,000 and after all of them. Growth beyond a few per cent is a leak.
import { readFileSync } from 'node:fs';
import { measure, type Load } from './loadgen.js';
import type { Server } from './servers.js';
import { BENCH } from './settings.js';

const rssMiB = (server: Server) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

export async function soak(server: Server, load: Load, connections: number, total = BENCH.soakRequests): Promise<void> {
  let served = 0;
  let early: { requests: number; rss: number } | undefined;
  const curve: string[] = [];
  const started = performance.now();
  while (served < total) {
    const sample = await measure(server.url, load, 5, connections);
    served += sample.requests;
    if (sample.errors > 0) throw new Error(`${sample.errors} requests failed during the soak`);
    if (early === undefined && served >= 100_000) early = { requests: served, rss: rssMiB(server) };
    curve.push(`${Math.round(served / 1000)}k:${rssMiB(server).toFixed(0)}`);
  }
  const late = { requests: served, rss: rssMiB(server) };
  console.log(`\nsoak: ${served.toLocaleString('en')} warm GETs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`RSS (MiB) after each 5 s: ${curve.join(' ')}`);
  console.log(
    `RSS after ${early!.requests.toLocaleString('en')}: ${early!.rss.toFixed(0)} MiB; after ${late.requests.toLocaleString('en')}: ${late.rss.toFixed(0)} MiB (${((late.rss / early!.rss - 1) * 100).toFixed(1)} %)`,
  );
}
