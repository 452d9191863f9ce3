// A drill's figures, per phase, and its bars: each a line saying PASS or FAIL with the figure.
import type { Sample } from './load.js';
import type { ReadinessSample, Staleness } from './observers.js';

export const PHASES = ['before', 'during', 'after'] as const;

export interface Bar {
  readonly name: string;
  readonly pass: boolean;
  /** What was measured, as the bar's line shows it. */
  readonly figure: string;
}

export interface PhaseFigures {
  readonly phase: string;
  readonly requests: number;
  /** Answers by status, and failures without an answer (refused, reset, timeout). */
  readonly outcomes: Record<string, number>;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Readiness answers seen (200, 503, or 0 for none) and breaker states seen, across instances. */
  readonly readiness: readonly number[];
  readonly breakers: readonly string[];
  /** The longest time until every instance served a write acknowledged in this phase. */
  readonly staleness: number | null;
}

export interface DrillReport {
  readonly scenario: string;
  readonly summary: string;
  readonly phases: readonly PhaseFigures[];
  readonly facts: Record<string, number | string | null>;
  readonly bars: readonly Bar[];
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function phaseFigures(
  phase: string,
  samples: readonly Sample[],
  readiness: readonly ReadinessSample[],
  staleness: readonly Staleness[],
): PhaseFigures {
  const mine = samples.filter((s) => s.phase === phase);
  const ms = mine.map((s) => s.ms);
  const outcomes: Record<string, number> = {};
  for (const s of mine) {
    const key = s.status !== undefined ? String(s.status) : s.error!;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const ready = readiness.filter((r) => r.phase === phase);
  const stale = staleness.filter((s) => s.phase === phase).map((s) => s.ms);
  return {
    phase,
    requests: mine.length,
    outcomes,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: Math.max(0, ...ms),
    readiness: [...new Set(ready.map((r) => r.status))].sort(),
    breakers: [...new Set(ready.flatMap((r) => Object.entries(r.breakers).map(([name, state]) => `${name} ${state}`)))].sort(),
    staleness: stale.length === 0 ? null : Math.max(...stale),
  };
}

export const bar = (name: string, pass: boolean, figure: string): Bar => ({ name, pass, figure });

export function printReport(report: DrillReport, out: (line: string) => void): void {
  out('');
  out(`== ${report.scenario}: ${report.summary}`);
  out(
    `${'phase'.padEnd(8)} ${'requests'.padStart(8)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'max'.padStart(6)}  outcomes / ready / breakers / staleness`,
  );
  for (const p of report.phases) {
    const outcomes =
      Object.entries(p.outcomes)
        .sort()
        .map(([k, v]) => `${k}:${v}`)
        .join(' ') || '-';
    const extras = [
      `ready ${p.readiness.join('/') || '-'}`,
      p.breakers.length > 0 ? p.breakers.join(', ') : '',
      p.staleness !== null ? `stale max ${p.staleness} ms` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    out(
      `${p.phase.padEnd(8)} ${String(p.requests).padStart(8)} ${ms(p.p50)} ${ms(p.p95)} ${ms(p.p99)} ${ms(p.max)}  ${outcomes} · ${extras}`,
    );
  }
  const facts = Object.entries(report.facts)
    .map(([k, v]) => `${k} ${v ?? '-'}`)
    .join(' · ');
  if (facts) out(facts);
  for (const b of report.bars) out(`${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.figure}`);
}

const ms = (value: number) => String(Math.round(value)).padStart(6);
