// Summarises a V8 CPU profile (.cpuprofile, from node --cpu-prof): the functions that take the
// most self time, and the files (packages) where the time goes. Usage:
//   npx tsx tools/profile/summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx tools/profile/summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; startTime: number; endTime: number };
const top = Number(topArg ?? 25);
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
// Percentages are of the time the process was busy: idle samples (waiting for I/O) are left out.
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const total = profile.samples.filter((id) => !idleIds.has(id)).length;

const place = (url: string) => {
  if (url === '') return '(native or V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const src = /\/(dist|src)\/(.*)$/.exec(url);
  return src ? src[2]! : url;
};
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0 || idleIds.has(node.id)) continue;
  const where = place(node.callFrame.url);
  const name = `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + n);
  byPlace.set(where, (byPlace.get(where) ?? 0) + n);
}
const pct = (n: number) => `${((n / total) * 100).toFixed(1).padStart(5)} %`;
const seconds = (profile.endTime - profile.startTime) / 1e6;
console.log(
  `${file}: ${profile.samples.length} samples over ${seconds.toFixed(1)} s, ${total} of them busy (the percentages below)\n\nself time by file or package:`,
);
for (const [where, n] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${where}`);
console.log('\nself time by function:');
for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${name}`);
