// The timeline every drill follows: start the service processes behind the proxies, seed and
// load them, watch readiness (and staleness, with several instances), then three phases:
// before, during the fault, after its restore; finally read back what was acknowledged and
// judge the bars.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETRY } from '../../clients/typescript/src/retry.js';
import type { Replication } from './drill-database.js';
import type { RedisTopologyKind } from './drill-redis.js';
import { DrillEnvironment, type Drivers, type Targets } from './environment.js';
import { Load, type Mix } from './load.js';
import { ReadinessMonitor, StalenessProbe, type ReadinessSample } from './observers.js';
import { killAll, startProcess, type ServiceProcess } from './processes.js';
import { PHASES, phaseFigures, type Bar, type DrillReport, type PhaseFigures } from './report.js';

export interface Timing {
  readonly beforeMs: number;
  readonly faultMs: number;
  readonly afterMs: number;
}

export interface DrillOptions {
  readonly targets: Targets;
  readonly serviceDir: string;
  readonly timing: Timing;
  readonly instances?: number;
  readonly workers?: number;
  /** Progress for a person at the terminal. */
  readonly progress: (line: string) => void;
  /** Where each service process's JSON log lines are written, one file per process, when set. */
  readonly logsDir?: string;
}

/** What a scenario's steps and bars work with. */
export interface DrillContext {
  readonly env: DrillEnvironment;
  readonly options: DrillOptions;
  readonly servers: ServiceProcess[];
  readonly workers: ServiceProcess[];
  /** Processes a scenario replaced (a killed worker, a crashed server): their logs still count. */
  readonly retired: ServiceProcess[];
  readonly load: Load;
  /** Figures a scenario records for the report (an exit status, a time to ready...). */
  readonly facts: Record<string, number | string | null>;
  /** Moments a scenario's bars measure from (the kill, the signal), in ms since the epoch. */
  readonly marks: Record<string, number>;
  /** The process environment each server was started with (a restart reuses it). */
  readonly serverEnvs: Record<string, string>[];
  startServer(index: number, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Sleeps through part of a phase, reporting progress. */
  wait(ms: number): Promise<void>;
}

export interface Measures {
  readonly phases: Record<string, PhaseFigures>;
  readonly ctx: DrillContext;
  /** Every instance's /health/ready, every 250 ms. */
  readonly readiness: readonly ReadinessSample[];
  /** When the fault was restored (ms since epoch). */
  readonly restoredAt: number;
  readonly lostWrites: number;
  readonly acknowledgedWrites: number;
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly drivers: Drivers;
  /** A primary and a standby of the drill's own instead of a database on the machine's PostgreSQL. */
  readonly database?: Replication;
  /** A Redis topology of the drill's own (Sentinel, Cluster) instead of the machine's Redis. */
  readonly redis?: RedisTopologyKind;
  /** A RabbitMQ cluster of the drill's own (three nodes, quorum queues) instead of the machine's node. */
  readonly rabbitmq?: 'cluster';
  /** The load retries as the shipped client does (Retry-After, idempotency keys on creates); each sample is then the last answer. */
  readonly clientRetries?: boolean;
  readonly instances: number;
  readonly workers?: number;
  readonly serverEnv?: Record<string, string>;
  readonly workerEnv?: Record<string, string>;
  readonly mix: Mix;
  readonly ratePerSecond: number;
  readonly concurrency: number;
  /** Whether to measure staleness across instances. */
  readonly staleness?: boolean;
  /** Timing this scenario needs instead of the drill's (a 15 s cut, a shutdown delay). */
  readonly timing?: (given: Timing) => Timing;
  inject(ctx: DrillContext): Promise<void>;
  restore(ctx: DrillContext): Promise<void>;
  /** Before the load starts (and before the seeds are made): a consumer to bind, say. */
  prepare?(ctx: DrillContext): Promise<void>;
  /** After the last phase, before the figures: waiting for tasks to settle, say. */
  settle?(ctx: DrillContext): Promise<void>;
  /** How acknowledged writes are read back: from the drill's database (default) or through a server. */
  readonly readBack?: 'database' | 'http';
  bars(m: Measures): Bar[] | Promise<Bar[]>;
}

export async function runDrill(scenario: Scenario, options: DrillOptions): Promise<DrillReport> {
  const timing = scenario.timing ? scenario.timing(options.timing) : options.timing;
  const env = await DrillEnvironment.open(options.targets, {
    ...(scenario.database ? { database: scenario.database } : {}),
    ...(scenario.redis ? { redis: scenario.redis } : {}),
    ...(scenario.rabbitmq ? { rabbitmq: scenario.rabbitmq } : {}),
  });
  let phase = 'start';
  let monitor: ReadinessMonitor | undefined;
  let staleness: StalenessProbe | undefined;
  const servers: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  const serverEnvs: Record<string, string>[] = [];
  const load = new Load({
    servers: () => servers,
    concurrency: scenario.concurrency,
    ratePerSecond: scenario.ratePerSecond,
    mix: scenario.mix,
    ...(scenario.clientRetries ? { retry: DEFAULT_RETRY } : {}),
  });
  let phaseEndsAt = 0;
  const ctx: DrillContext = {
    env,
    options,
    servers,
    workers,
    retired: [],
    load,
    facts: {},
    marks: {},
    serverEnvs,
    startServer: async (index, given) => {
      const processEnv = given ?? env.serviceEnv(scenario.drivers, scenario.serverEnv);
      serverEnvs[index] = processEnv;
      servers[index] = await startProcess({ name: `server-${index}`, role: 'server', serviceDir: options.serviceDir, env: processEnv });
      return servers[index];
    },
    wait: async (ms) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        options.progress(
          `${scenario.name} · ${phase} · ${Math.ceil((phaseEndsAt - Date.now()) / 1000)} s left · ${load.samples.length} requests`,
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      }
    },
  };
  try {
    options.progress(`${scenario.name} · starting the service processes`);
    for (let i = 0; i < (options.instances ?? scenario.instances); i++) await ctx.startServer(i);
    for (let i = 0; i < (options.workers ?? scenario.workers ?? 0); i++) {
      workers.push(
        await startProcess({
          name: `worker-${i}`,
          role: 'worker',
          serviceDir: options.serviceDir,
          env: env.serviceEnv(scenario.drivers, scenario.workerEnv),
        }),
      );
    }
    await scenario.prepare?.(ctx);
    await load.seed(10);
    monitor = new ReadinessMonitor(
      () => [...servers, ...workers].filter(Boolean),
      () => phase,
    );
    if (scenario.staleness)
      staleness = new StalenessProbe(
        () => servers,
        () => phase,
        15_000,
      );
    load.start();

    const enter = (name: string, ms: number) => {
      phase = name;
      load.phase = name;
      phaseEndsAt = Date.now() + ms;
    };
    enter('before', timing.beforeMs);
    await ctx.wait(timing.beforeMs);
    enter('during', timing.faultMs);
    const injected = Date.now();
    await scenario.inject(ctx);
    await ctx.wait(timing.faultMs - (Date.now() - injected));
    enter('after', timing.afterMs);
    const restoredAt = Date.now();
    await scenario.restore(ctx);
    await ctx.wait(timing.afterMs - (Date.now() - restoredAt));
    await staleness?.measured('after', 20_000);
    phase = 'end';
    await load.stop();
    await staleness?.stop();
    await monitor.stop();
    options.progress(`${scenario.name} · reading back what was acknowledged`);
    await scenario.settle?.(ctx);
    const { lost, acknowledged } = await readBack(ctx, scenario.readBack ?? 'database');
    const phases = Object.fromEntries(PHASES.map((p) => [p, phaseFigures(p, load.samples, monitor!.samples, staleness?.samples ?? [])]));
    const measures: Measures = { phases, ctx, readiness: monitor.samples, restoredAt, lostWrites: lost, acknowledgedWrites: acknowledged };
    const bars = await scenario.bars(measures);
    return { scenario: scenario.name, summary: scenario.summary, phases: PHASES.map((p) => phases[p]!), facts: ctx.facts, bars };
  } finally {
    await load.stop();
    await staleness?.stop();
    await monitor?.stop();
    load.close();
    if (options.logsDir) writeLogs(options.logsDir, scenario.name, [...servers, ...workers, ...ctx.retired]);
    await killAll();
    await env.close();
  }
}

/** One file per process, `<scenario>.<process>.log`: a retired process's name gets a number. */
function writeLogs(dir: string, scenario: string, processes: readonly ServiceProcess[]): void {
  mkdirSync(dir, { recursive: true });
  const taken = new Map<string, number>();
  for (const p of processes.filter(Boolean)) {
    const seen = taken.get(p.name) ?? 0;
    taken.set(p.name, seen + 1);
    const file = join(dir, `${scenario}.${p.name}${seen === 0 ? '' : `.${seen}`}.log`);
    writeFileSync(file, p.logs.map((line) => JSON.stringify(line)).join('\n') + '\n');
  }
}

/** How many acknowledged creates and patches are missing from what the service stores now. */
async function readBack(ctx: DrillContext, how: 'database' | 'http'): Promise<{ lost: number; acknowledged: number }> {
  const versions = new Map<string, number>([...ctx.load.created].map((id) => [id, 1]));
  for (const [id, version] of ctx.load.acknowledged) versions.set(id, Math.max(version, versions.get(id) ?? 0));
  let stored: Map<string, number>;
  if (how === 'database') {
    const rows = await ctx.env.query<{ id: string; version: number }>('SELECT id, version FROM profiles WHERE id = ANY($1::uuid[])', [
      [...versions.keys()],
    ]);
    stored = new Map(rows.map((r) => [r.id, r.version]));
  } else {
    stored = new Map();
    const server = ctx.servers[0]!;
    const token = (await ctx.load.client.send(`${server.url}/health/live`, 'GET')).status === 200 ? await adminToken() : '';
    for (const id of versions.keys()) {
      const reply = await ctx.load.client.send(`${server.url}/v1/profiles/${id}`, 'GET', { headers: { authorization: `Bearer ${token}` } });
      if (reply.status === 200) stored.set(id, (JSON.parse(reply.body) as { version: number }).version);
    }
  }
  const lost = [...versions].filter(([id, version]) => (stored.get(id) ?? 0) < version).length;
  return { lost, acknowledged: versions.size };
}

async function adminToken(): Promise<string> {
  const { mintToken } = await import('../../src/adapters/http/auth/jwt.js');
  const { DRILL_SECRET } = await import('./environment.js');
  return mintToken({ secret: new TextEncoder().encode(DRILL_SECRET) }, { subject: 'chaos-readback', roles: ['admin'], ttlSeconds: 600 });
}

/** Tasks accepted during the drill as the drill's database has them now. */
export async function taskOutcomes(ctx: DrillContext): Promise<{ id: string; status: string; updatedAt: number }[]> {
  const ids = [...ctx.load.tasks.keys()];
  if (ids.length === 0) return [];
  const rows = await ctx.env.query<{ id: string; status: string; updated_at: Date }>(
    'SELECT id, status, updated_at FROM tasks WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows.map((r) => ({ id: r.id, status: r.status, updatedAt: r.updated_at.getTime() }));
}

/** Waits until every accepted task is finished (succeeded or dead), or `limitMs` passes. */
export async function tasksFinished(ctx: DrillContext, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const outcomes = await taskOutcomes(ctx);
    const open = ctx.load.tasks.size - outcomes.filter((t) => t.status === 'succeeded' || t.status === 'dead').length;
    if (open === 0) return;
    ctx.options.progress(`waiting for ${open} tasks to finish`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Tasks that some process recorded as succeeded more than once (from every process's log). */
export function tasksDoneTwice(ctx: DrillContext): number {
  const done = new Map<string, number>();
  for (const p of new Set([...ctx.servers, ...ctx.workers, ...ctx.retired])) {
    for (const line of p.logs) {
      if (line['msg'] === 'task attempt settled' && line['status'] === 'succeeded') {
        const id = String(line['taskId']);
        done.set(id, (done.get(id) ?? 0) + 1);
      }
    }
  }
  return [...done.values()].filter((n) => n > 1).length;
}
