// Liveness and readiness. Ready means: started, not shutting down, and every critical
// dependency up. Non-critical ones may be degraded or down; the service then runs degraded.
import type { DependencyProbe, DependencyStatus } from '../dependencies/probe.js';

export type Phase = 'starting' | 'ready' | 'stopping';

/** Where the process is in its life, as the probes report it. */
export interface Lifecycle {
  phase(): Phase;
}

export interface HealthReport {
  readonly status: 'up' | 'down';
  readonly phase: Phase;
  readonly checks: Record<string, { status: DependencyStatus; critical: boolean } & Record<string, unknown>>;
}

/** A probe that has not answered in this time counts as down: a health check must not hang. */
const PROBE_TIMEOUT_MS = 1000;

async function probe(p: DependencyProbe): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p.check().catch((): DependencyStatus => 'down'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class HealthService {
  constructor(
    private readonly probes: readonly DependencyProbe[],
    private readonly phase: () => Phase,
  ) {}

  async report(): Promise<HealthReport> {
    const results = await Promise.all(this.probes.map(async (p) => [p, await probe(p)] as const));
    const phase = this.phase();
    const criticalUp = results.every(([p, status]) => !p.critical || status === 'up');
    return {
      status: phase === 'ready' && criticalUp ? 'up' : 'down',
      phase,
      checks: Object.fromEntries(results.map(([p, status]) => [p.name, { status, critical: p.critical, ...p.details?.() }])),
    };
  }
}
