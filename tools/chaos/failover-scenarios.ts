// The drills of PostgreSQL as managed databases fail: a primary and a streaming standby of the
// drill's own behind a switchable endpoint, and a load that retries as the shipped client does.
// docs/chaos.md says why each bar is what it is.
import { WRITES, firstSuccessAfter, lostWritesBar, ms, no5xxBar, samples, succeeded, unexpected5xx } from './bars.js';
import type { DrillContext, Measures, Scenario } from './drill.js';
import type { Operation } from './load.js';
import { bar, percentile, type Bar } from './report.js';

/** How soon after the endpoint leads to a writable server writes must work again. */
const WRITES_BACK_WITHIN_MS = 2000;
/** The most a list may take while the replica hangs: it goes to the primary within the read deadline. */
const LIST_P99_DURING_HANG_MS = 1000;

const SERVICE = { drivers: { db: 'postgres', cache: 'memory', queue: 'memory' }, instances: 1, clientRetries: true } as const;

/** Promotes the standby and moves the endpoint to it, marking the moment of the move. */
async function failOver(ctx: DrillContext): Promise<void> {
  await ctx.env.replicated.failOver(ctx.env.proxies.postgres);
  ctx.marks['moved'] = Date.now();
}

/** When the endpoint moved to the promoted standby. */
function movedAt(m: Measures): number {
  const at = m.ctx.marks['moved'];
  if (at === undefined) throw new Error('the endpoint never moved');
  return at;
}

const sameProcessBar = (m: Measures): Bar => {
  const server = m.ctx.servers[0]!;
  const running = server.child.exitCode === null && server.child.signalCode === null && m.ctx.retired.length === 0;
  return bar('the service was never restarted', running, running ? 'one process throughout' : 'the process ended');
};

/** Crashes the primary, noting how its standby streamed at that moment. */
async function crashPrimary(ctx: DrillContext): Promise<void> {
  const { syncState, replayLagBytes } = await ctx.env.replicated.replication();
  ctx.facts['standby at the crash'] = syncState;
  ctx.facts['replay lag at the crash, bytes'] = replayLagBytes;
  await ctx.env.replicated.primary.stop('immediate');
}

const availabilityBars = (m: Measures): Bar[] => {
  const firstWrite = firstSuccessAfter(m, movedAt(m), ['create', 'patch']);
  return [
    bar(
      `first acknowledged write within ${WRITES_BACK_WITHIN_MS / 1000} s of the endpoint's move`,
      (firstWrite ?? Infinity) <= WRITES_BACK_WITHIN_MS,
      ms(firstWrite),
    ),
    sameProcessBar(m),
    no5xxBar(samples(m)),
  ];
};

const postgresFailover: Scenario = {
  ...SERVICE,
  name: 'postgres-failover',
  summary: 'the primary crashes; its synchronous standby is promoted and the endpoint moves to it',
  database: { standby: 'synchronous' },
  // An acknowledged commit has been applied on the standby: it survives the primary.
  serverEnv: { DB_SYNCHRONOUS_COMMIT: 'remote_apply' },
  mix: { get: 3, list: 1, create: 3, patch: 3 },
  ratePerSecond: 40,
  concurrency: 8,
  inject: crashPrimary,
  restore: failOver,
  bars: (m) => [
    bar(
      'the standby was synchronous when the primary crashed',
      m.ctx.facts['standby at the crash'] === 'sync',
      `${m.ctx.facts['standby at the crash']}`,
    ),
    ...availabilityBars(m),
    lostWritesBar(m),
  ],
};

/**
 * The same with asynchronous replication, the default of most managed databases: what an
 * acknowledged write risks is reported (the writes committed within the replay lag at the
 * crash), not judged; the availability bars are the same.
 */
const postgresFailoverAsync: Scenario = {
  ...postgresFailover,
  name: 'postgres-failover-async',
  summary: 'the primary crashes; its asynchronous standby is promoted and the endpoint moves to it (writes lost are reported)',
  database: { standby: 'async' },
  serverEnv: {},
  bars: (m) => {
    m.ctx.facts['acknowledged writes lost'] = `${m.lostWrites} of ${m.acknowledgedWrites}`;
    return availabilityBars(m);
  },
};

/** Per write path: whether every answer from `settleMs` after the move on was a success, and one came. */
function writePathsBack(m: Measures, settleMs: number): { failing: string[]; figure: string } {
  const moved = movedAt(m);
  const paths = WRITES.filter((op) => m.ctx.load.samples.some((s) => s.op === op));
  const failing: string[] = [];
  const figures = paths.map((op: Operation) => {
    const after = samples(m).filter((s) => s.op === op && s.at + s.ms >= moved);
    const late = after.filter((s) => s.at + s.ms > moved + settleMs && !succeeded(s)).length;
    const first = firstSuccessAfter(m, moved, [op]);
    if (late > 0 || first === null) failing.push(op);
    return `${op} first ${ms(first)}${late > 0 ? `, ${late} failed later` : ''}`;
  });
  return { failing, figure: figures.join('; ') };
}

const postgresReadonly: Scenario = {
  ...SERVICE,
  name: 'postgres-readonly',
  summary:
    'the primary turns read-only under pooled connections (a demotion); then the endpoint moves to the promoted standby, old connections left open',
  database: { standby: 'async' },
  mix: { get: 2, list: 1, create: 2, patch: 2, delete: 1, restore: 1, avatar: 1, import: 1 },
  ratePerSecond: 50,
  concurrency: 8,
  inject: async (ctx) => {
    const { primary } = ctx.env.replicated;
    await primary.sql('ALTER SYSTEM SET default_transaction_read_only = on');
    await primary.sql('SELECT pg_reload_conf()');
  },
  restore: failOver,
  bars: (m) => {
    const back = writePathsBack(m, WRITES_BACK_WITHIN_MS);
    const during = samples(m, 'during').filter((s) => WRITES.includes(s.op));
    const refusedWell = during.filter((s) => s.status === 503 && s.retryAfter !== undefined).length;
    return [
      bar(`every write path succeeds again within ${WRITES_BACK_WITHIN_MS / 1000} s of the move`, back.failing.length === 0, back.figure),
      bar('no 500 while the primary is read-only', unexpected5xx(samples(m, 'during')) === 0, `${unexpected5xx(samples(m, 'during'))}`),
      bar(
        'writes refused meanwhile are 503 with Retry-After',
        during.every((s) => succeeded(s) || (s.status === 503 && s.retryAfter !== undefined)),
        `${refusedWell} of ${during.length}`,
      ),
      sameProcessBar(m),
      lostWritesBar(m),
    ];
  },
};

const replicaHang: Scenario = {
  ...SERVICE,
  name: 'replica-hang',
  summary: 'the read replica (DB_READ_HOSTS) accepts connections and answers nothing; then it comes back',
  database: { standby: 'async', readsFromStandby: true },
  mix: { list: 5, get: 2, create: 2, patch: 1 },
  ratePerSecond: 40,
  concurrency: 8,
  inject: (ctx) => Promise.resolve(ctx.env.replicated.replicaLink!.blackhole()),
  restore: (ctx) => ctx.env.replicated.replicaLink!.restore(),
  bars: (m) => {
    const lists = samples(m, 'during').filter((s) => s.op === 'list');
    const p99 = percentile(
      lists.map((s) => s.ms),
      99,
    );
    const creates = samples(m).filter((s) => s.op === 'create');
    const readiness = m.readiness.map((r) => r.status);
    const replicaSeen = (phase: string) =>
      new Set(m.readiness.filter((r) => r.phase === phase).map((r) => r.breakers['database-replica-1']));
    const lastSeen = m.readiness.at(-1)?.breakers['database-replica-1'];
    return [
      bar(
        `lists p99 within ${LIST_P99_DURING_HANG_MS} ms during the fault`,
        lists.length > 0 && p99 <= LIST_P99_DURING_HANG_MS,
        `p99 ${ms(p99)} over ${lists.length} lists`,
      ),
      bar(
        'no create fails',
        creates.length > 0 && creates.every(succeeded),
        `${creates.filter((s) => !succeeded(s)).length} of ${creates.length}`,
      ),
      bar(
        '/health/ready 200 throughout',
        readiness.length > 0 && readiness.every((status) => status === 200),
        `seen ${[...new Set(readiness)].join('/')}`,
      ),
      bar(
        'the replica leaves rotation during the fault and is back after',
        replicaSeen('during').has('open') && lastSeen === 'closed',
        `during: ${[...replicaSeen('during')].join('/')}; at the end: ${lastSeen ?? 'none'}`,
      ),
      no5xxBar(samples(m)),
      lostWritesBar(m),
    ];
  },
};

export const FAILOVER_SCENARIOS: readonly Scenario[] = [postgresFailover, postgresFailoverAsync, postgresReadonly, replicaHang];
