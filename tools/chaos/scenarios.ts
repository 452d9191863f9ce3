// Each drill: what it runs, the fault it injects and restores, and the bars it is judged by
// (docs/chaos.md says why each bar is what it is).
import { READS, duration, firstSuccessAfter, lostWritesBar, ms, samples, taskBars, unanswered, unexpected5xx } from './bars.js';
import { FAILOVER_SCENARIOS } from './failover-scenarios.js';
import { LOG_SCENARIOS } from './log-scenarios.js';
import { RABBITMQ_SCENARIOS } from './rabbitmq-scenarios.js';
import { REDIS_SCENARIOS } from './redis-scenarios.js';
import { percentile, bar, type Bar } from './report.js';
import { stopped } from './processes.js';
import { tasksFinished, type DrillContext, type Measures, type Scenario } from './drill.js';
import { EventWatch } from './observers.js';
import { cloudEventType } from '../../src/adapters/events/cloud-events.js';

// ---- PostgreSQL -------------------------------------------------------------------------------

const DB_MIX = { get: 4, list: 2, create: 2, patch: 2 };

/** The bars of a database outage (docs/chaos.md says why each is what it is). */
const DATABASE_OUTAGE = { answerWithinMs: 1000, refusedWithinMs: 50, backWithinMs: 2000 } as const;

function databaseOutageBars(m: Measures): Bar[] {
  const { answerWithinMs, refusedWithinMs, backWithinMs } = DATABASE_OUTAGE;
  const all = samples(m);
  const during = samples(m, 'during');
  const openedAt = firstSeen(m, 'database', 'open');
  const onceOpen = during.filter((s) => s.status === 503 && openedAt !== null && s.at >= openedAt);
  const p95Open = percentile(
    onceOpen.map((s) => s.ms),
    95,
  );
  const withRetryAfter = during.filter((s) => s.status === 503).every((s) => s.retryAfter !== undefined);
  const slowest = Math.max(0, ...all.map((s) => s.ms));
  const readiness = m.phases['during']!.readiness;
  return [
    bar(
      `no API request takes ${duration(answerWithinMs)} or more`,
      slowest < answerWithinMs && unanswered(all) === 0,
      `slowest ${ms(slowest)}, ${unanswered(all)} unanswered`,
    ),
    bar(
      'the database breaker opens during the fault',
      openedAt !== null,
      openedAt === null ? 'never seen open' : `open ${ms(openedAt - faultStart(m))} into the fault`,
    ),
    bar(
      `once open, 503 with Retry-After in under ${duration(refusedWithinMs)}`,
      onceOpen.length > 0 && p95Open < refusedWithinMs && withRetryAfter,
      `p95 ${ms(p95Open)} over ${onceOpen.length} answers${withRetryAfter ? '' : ', some without Retry-After'}`,
    ),
    bar('/health/ready answers 503 during the fault', readiness.includes(503), `seen ${readiness.join('/') || '-'}`),
    bar(
      `first 2xx within ${duration(backWithinMs)} of the restore`,
      (firstSuccessAfter(m) ?? Infinity) <= backWithinMs,
      ms(firstSuccessAfter(m)),
    ),
    bar('no 5xx other than 503', unexpected5xx(all) === 0, `${unexpected5xx(all)}`),
    lostWritesBar(m),
  ];
}

/** When a dependency's breaker was first seen in a state, on any instance, during the fault. */
function firstSeen(m: Measures, dependency: string, state: string): number | null {
  const seen = m.readiness.filter((r) => r.phase === 'during' && r.breakers[dependency] === state).sort((a, b) => a.at - b.at)[0];
  return seen?.at ?? null;
}

const faultStart = (m: Measures) => Math.min(...samples(m, 'during').map((s) => s.at));

const postgresBlackhole: Scenario = {
  name: 'postgres-blackhole',
  summary: 'PostgreSQL accepts connections and answers nothing; then it comes back',
  drivers: { db: 'postgres', cache: 'memory', queue: 'memory' },
  instances: 1,
  mix: DB_MIX,
  ratePerSecond: 40,
  concurrency: 8,
  inject: (ctx) => Promise.resolve(ctx.env.proxies.postgres.blackhole()),
  restore: (ctx) => ctx.env.proxies.postgres.restore(),
  bars: databaseOutageBars,
};

const postgresCut: Scenario = {
  ...postgresBlackhole,
  name: 'postgres-cut',
  summary: 'the link to PostgreSQL is cut (connections refused and dropped); then it comes back',
  inject: (ctx) => ctx.env.proxies.postgres.cut(),
};

const postgresSlow: Scenario = {
  ...postgresBlackhole,
  name: 'postgres-slow',
  summary: 'every packet to and from PostgreSQL waits 50 ms; then the link is clean again',
  inject: (ctx) => Promise.resolve(ctx.env.proxies.postgres.slow(50)),
  bars: (m) => {
    const [answerWithinMs, p95AfterBelowMs] = [3000, 100];
    const all = samples(m);
    const slowest = Math.max(0, ...all.map((s) => s.ms));
    const after = samples(m, 'after').filter((s) => s.at >= m.restoredAt + 1000);
    const p95After = percentile(
      after.map((s) => s.ms),
      95,
    );
    return [
      // Each database call has its deadline; a change that loses a version race to another writer tries again, a few times at most.
      bar(
        `every request answered, none in ${duration(answerWithinMs)} or more`,
        slowest < answerWithinMs && unanswered(all) === 0,
        `slowest ${ms(slowest)}, ${unanswered(all)} unanswered`,
      ),
      bar('no 5xx other than 503', unexpected5xx(all) === 0, `${unexpected5xx(all)}`),
      bar(
        `after the restore, p95 back under ${duration(p95AfterBelowMs)}`,
        after.length > 0 && p95After < p95AfterBelowMs,
        `p95 ${ms(p95After)}`,
      ),
      lostWritesBar(m),
    ];
  },
};

// ---- Redis ------------------------------------------------------------------------------------

const L1_TTL_MS = 5000;

/** The bars of a Redis outage: reads keep their speed on the in-process tier. */
const REDIS_OUTAGE = { readsP95BelowMs: 100, slowestMs: 500 } as const;

function redisOutageBars(m: Measures): Bar[] {
  const { readsP95BelowMs, slowestMs } = REDIS_OUTAGE;
  const all = samples(m);
  const duringReads = samples(m, 'during').filter((s) => READS.includes(s.op));
  const during = samples(m, 'during');
  const p95 = percentile(
    duringReads.map((s) => s.ms),
    95,
  );
  const slowest = Math.max(0, ...during.map((s) => s.ms));
  const staleAfter = m.phases['after']!.staleness;
  return [
    bar(
      `reads p95 under ${duration(readsP95BelowMs)} during the fault`,
      duringReads.length > 0 && p95 < readsP95BelowMs,
      `p95 ${ms(p95)} over ${duringReads.length} reads`,
    ),
    bar(`nothing over ${duration(slowestMs)} during the fault`, slowest <= slowestMs && unanswered(during) === 0, `slowest ${ms(slowest)}`),
    bar('no 5xx', all.filter((s) => (s.status ?? 0) >= 500).length === 0, `${all.filter((s) => (s.status ?? 0) >= 500).length}`),
    bar(
      `no read staler than the L1 TTL (${L1_TTL_MS} ms) after the restore`,
      staleAfter !== null && staleAfter <= L1_TTL_MS,
      ms(staleAfter),
    ),
    lostWritesBar(m),
  ];
}

const redisBlackhole: Scenario = {
  name: 'redis-blackhole',
  summary: 'Redis accepts connections and answers nothing, under reads and writes on two instances; then it comes back',
  drivers: { db: 'postgres', cache: 'redis', queue: 'memory' },
  instances: 2,
  mix: { get: 6, list: 2, patch: 1, create: 1 },
  ratePerSecond: 60,
  concurrency: 8,
  staleness: true,
  serverEnv: { CACHE_L1_TTL: `${L1_TTL_MS}ms` },
  inject: (ctx) => Promise.resolve(ctx.env.proxies.redis.blackhole()),
  restore: (ctx) => ctx.env.proxies.redis.restore(),
  bars: redisOutageBars,
};

const redisCut: Scenario = {
  ...redisBlackhole,
  name: 'redis-cut',
  summary: 'the link to Redis is cut, under reads and writes on two instances; then it comes back',
  inject: (ctx) => ctx.env.proxies.redis.cut(),
};

// ---- RabbitMQ and workers ---------------------------------------------------------------------

/** The drills' consumers of profile events, by drill. */
const eventWatches = new WeakMap<DrillContext, EventWatch>();
/** After the tasks settle, how long the last events may take to arrive. */
const EVENTS_ARRIVE_WITHIN_MS = 30_000;

/** Waits until every acknowledged create's event has arrived (or the limit passes). */
async function eventsArrived(ctx: DrillContext): Promise<void> {
  const watch = eventWatches.get(ctx)!;
  for (
    const until = Date.now() + EVENTS_ARRIVE_WITHIN_MS;
    Date.now() < until && watch.missing(ctx.load.created, 'profile.created').length > 0;
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function eventBars(m: Measures): Promise<Bar[]> {
  const watch = eventWatches.get(m.ctx)!;
  await watch.stop();
  const created = m.ctx.load.created;
  const missing = watch.missing(created, 'profile.created');
  // Writes acknowledged while the link was cut: their events waited in the outbox.
  const duringCut = watch.seen.filter(
    (e) => e.type === cloudEventType('profile.created') && created.has(e.subject) && e.at >= m.restoredAt,
  ).length;
  const ids = new Set(watch.seen.map((e) => e.id));
  return [
    bar(
      'an event for every acknowledged create, none lost',
      missing.length === 0,
      `${created.size - missing.length} of ${created.size} arrived, ${duringCut} after the restore`,
    ),
    bar(
      'no event told twice under two ids',
      ids.size === new Set(watch.seen.map((e) => `${e.subject}@${e.version}`)).size,
      `${watch.seen.length} received, ${ids.size} distinct ids`,
    ),
  ];
}

const rabbitmqCut: Scenario = {
  name: 'rabbitmq-cut',
  summary: 'the link to RabbitMQ is cut while profiles are created and avatar uploads and imports submitted; then it comes back',
  drivers: { db: 'postgres', cache: 'memory', queue: 'rabbitmq' },
  instances: 1,
  mix: { get: 3, create: 1, import: 1, avatar: 1 },
  ratePerSecond: 8,
  concurrency: 4,
  // The table's drill: a 15 s cut (a short run keeps what it is given).
  timing: (t) => ({ ...t, faultMs: Math.max(t.faultMs, t.faultMs >= 10_000 ? 15_000 : t.faultMs) }),
  prepare: async (ctx) => void eventWatches.set(ctx, await EventWatch.start(ctx.env.queueUri, ctx.env.eventsExchange)),
  inject: (ctx) => ctx.env.proxies.rabbitmq.cut(),
  restore: async (ctx) => {
    await ctx.env.proxies.rabbitmq.restore();
  },
  settle: async (ctx) => {
    await tasksFinished(ctx, 60_000);
    await eventsArrived(ctx);
  },
  bars: async (m) => [
    ...(await taskBars(m.ctx, m.restoredAt, 'the restore', 5000)),
    ...(await eventBars(m)),
    bar(
      'no 5xx',
      samples(m).filter((s) => (s.status ?? 0) >= 500).length === 0,
      `${samples(m).filter((s) => (s.status ?? 0) >= 500).length}`,
    ),
  ],
};

const workerKill: Scenario = {
  name: 'worker-kill',
  summary: 'two workers on RabbitMQ share 300 imports; one is killed with SIGKILL in the middle',
  drivers: { db: 'postgres', cache: 'memory', queue: 'rabbitmq' },
  instances: 1,
  workers: 2,
  serverEnv: { WORKER_ENABLED: 'false' },
  mix: { get: 1 },
  ratePerSecond: 10,
  concurrency: 2,
  inject: async (ctx) => {
    await ctx.load.burst('import', 300);
    // Killed once it has tasks in hand.
    const victim = ctx.workers[0]!;
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      if (victim.logs.some((l) => l['msg'] === 'task attempt settled')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    ctx.marks['killed'] = Date.now();
    victim.signal('SIGKILL');
    ctx.retired.push(victim);
  },
  restore: () => Promise.resolve(),
  settle: (ctx) => tasksFinished(ctx, 90_000),
  bars: (m) => taskBars(m.ctx, m.ctx.marks['killed']!, 'the kill', 20_000),
};

// ---- The process itself -----------------------------------------------------------------------

const SHUTDOWN_DELAY_MS = 5000;

const sigterm: Scenario = {
  name: 'sigterm',
  summary: 'SIGTERM under 20 keep-alive connections; Kubernetes keeps routing until it sees the instance not ready',
  drivers: { db: 'postgres', cache: 'memory', queue: 'memory' },
  instances: 1,
  serverEnv: { SHUTDOWN_DELAY: `${SHUTDOWN_DELAY_MS}ms`, SHUTDOWN_GRACE_PERIOD: '10s' },
  mix: { get: 5, list: 2, create: 1, patch: 1 },
  ratePerSecond: 150,
  concurrency: 20,
  // Routing goes on for most of the delay, as endpoints take a few seconds to drop an instance.
  timing: (t) => ({ ...t, faultMs: SHUTDOWN_DELAY_MS - 1000, afterMs: 0 }),
  inject: (ctx) => {
    ctx.marks['signalled'] = Date.now();
    ctx.servers[0]!.signal('SIGTERM');
    return Promise.resolve();
  },
  restore: async (ctx) => {
    // Kubernetes has stopped routing here: the load stops; the process should now drain and exit.
    await ctx.load.stop();
    const started = ctx.marks['signalled']!;
    const status = await stopped(ctx.servers[0]!, SHUTDOWN_DELAY_MS + 15_000);
    ctx.facts['exit status'] = status;
    ctx.facts['exited after'] = `${Date.now() - started} ms`;
  },
  bars: (m) => {
    const during = samples(m, 'during');
    const refused = during.filter((s) => s.error !== undefined || (s.status ?? 0) >= 500);
    const readiness = m.phases['during']!.readiness;
    return [
      bar(
        'requests refused, reset or failed while still routed',
        refused.length === 0 && during.length > 0,
        `${refused.length} of ${during.length}`,
      ),
      bar('/health/ready answers 503 after SIGTERM', readiness.includes(503), `seen ${readiness.join('/') || '-'}`),
      bar(
        'exits 0 within the delay and the grace period',
        m.ctx.facts['exit status'] === 0,
        `status ${m.ctx.facts['exit status']}, after ${m.ctx.facts['exited after']}`,
      ),
      lostWritesBar(m),
    ];
  },
};

const crash: Scenario = {
  name: 'crash',
  summary: 'kill -9 under writes on the embedded database, then a restart on the same DATA_DIR',
  drivers: { db: 'pglite', cache: 'memory', queue: 'memory' },
  instances: 1,
  mix: { create: 3, patch: 1, get: 1 },
  ratePerSecond: 40,
  concurrency: 4,
  readBack: 'http',
  inject: async (ctx) => {
    const victim = ctx.servers[0]!;
    victim.signal('SIGKILL');
    await victim.exited;
    ctx.retired.push(victim);
    const restarted = Date.now();
    // The same process environment: the same DATA_DIR, and the lock the killed process left.
    await ctx.startServer(0, ctx.serverEnvs[0]);
    ctx.facts['ready again after, ms'] = Date.now() - restarted;
  },
  restore: () => Promise.resolve(),
  bars: (m) => {
    const readyWithinMs = 10_000;
    const restart = Number(m.ctx.facts['ready again after, ms']);
    const after = samples(m, 'after');
    return [
      lostWritesBar(m),
      bar(`ready again without a hand, within ${duration(readyWithinMs)}`, restart <= readyWithinMs, `${ms(restart)}`),
      bar(
        'no 5xx after the restart',
        after.filter((s) => (s.status ?? 0) >= 500).length === 0,
        `${after.filter((s) => (s.status ?? 0) >= 500).length}`,
      ),
    ];
  },
};

export const SCENARIOS: readonly Scenario[] = [
  postgresCut,
  postgresBlackhole,
  postgresSlow,
  ...FAILOVER_SCENARIOS,
  redisCut,
  redisBlackhole,
  ...REDIS_SCENARIOS,
  rabbitmqCut,
  ...RABBITMQ_SCENARIOS,
  workerKill,
  sigterm,
  crash,
  ...LOG_SCENARIOS,
];
