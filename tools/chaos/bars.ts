// What the drills' bars are made of: the load's samples by phase, their answers, the writes
// read back. Each scenario file states its bars with these.
import { bar, type Bar } from './report.js';
import { taskOutcomes, tasksDoneTwice, type DrillContext, type Measures } from './drill.js';
import type { Sample } from './load.js';

export const READS: Sample['op'][] = ['get', 'list'];
export const WRITES: Sample['op'][] = ['create', 'patch', 'delete', 'restore', 'avatar', 'import'];
export const ms = (value: number | null | undefined) => (value === null || value === undefined ? 'none' : `${Math.round(value)} ms`);
/** A bar's bound as its label says it: 50 ms, 2 s. Labels are written from the bound, so the two never disagree. */
export const duration = (bound: number) => (bound >= 1000 && bound % 1000 === 0 ? `${bound / 1000} s` : `${bound} ms`);
export const samples = (m: Measures, phase?: string) => m.ctx.load.samples.filter((s) => phase === undefined || s.phase === phase);
export const unexpected5xx = (list: readonly Sample[]) =>
  list.filter((s) => s.status !== undefined && s.status >= 500 && s.status !== 503).length;
export const unanswered = (list: readonly Sample[]) => list.filter((s) => s.error !== undefined).length;
export const succeeded = (s: Sample) => s.status !== undefined && s.status < 300;

/** Time from `from` (the restore, by default) to the first 2xx. */
export function firstSuccessAfter(m: Measures, from = m.restoredAt, ops?: readonly Sample['op'][]): number | null {
  const first = samples(m)
    .filter((s) => s.at >= from && succeeded(s) && (ops === undefined || ops.includes(s.op)))
    .sort((a, b) => a.at - b.at)[0];
  return first ? first.at + first.ms - from : null;
}

export const lostWritesBar = (m: Measures): Bar =>
  bar('acknowledged writes lost', m.lostWrites === 0, `${m.lostWrites} of ${m.acknowledgedWrites}`);

export const no5xxBar = (list: readonly Sample[]): Bar => bar('no 5xx other than 503', unexpected5xx(list) === 0, `${unexpected5xx(list)}`);

/** Tasks: none lost, none done twice, and those accepted during the fault done within `withinMs` of `from`. */
export async function taskBars(ctx: DrillContext, from: number, fromWhat: string, withinMs: number): Promise<Bar[]> {
  const outcomes = await taskOutcomes(ctx);
  const succeeded = outcomes.filter((t) => t.status === 'succeeded');
  const lost = ctx.load.tasks.size - succeeded.length;
  const ofTheFault = new Set([...ctx.load.tasks].filter(([, t]) => t.phase === 'during').map(([id]) => id));
  const lastDone = Math.max(0, ...succeeded.filter((t) => ofTheFault.has(t.id)).map((t) => t.updatedAt));
  ctx.facts['tasks accepted'] = ctx.load.tasks.size;
  ctx.facts['during the fault'] = ofTheFault.size;
  const twice = tasksDoneTwice(ctx);
  return [
    bar('tasks lost', lost === 0 && ctx.load.tasks.size > 0, `${lost} of ${ctx.load.tasks.size} not done`),
    bar('tasks done twice', twice === 0, `${twice}`),
    bar(
      `tasks of the fault done within ${withinMs / 1000} s of ${fromWhat}`,
      lost === 0 && ofTheFault.size > 0 && lastDone - from <= withinMs,
      `${ofTheFault.size} tasks, the last ${ms(lastDone - from)} after`,
    ),
  ];
}
