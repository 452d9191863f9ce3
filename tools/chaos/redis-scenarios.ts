// The drills of Redis as managed services run it: a master behind Sentinel that dies and comes
// back as a replica, and a Cluster whose keys live on several masters. Each starts its own
// topology (drill-redis.ts). docs/chaos.md says why each bar is what it is.
import { randomUUID } from 'node:crypto';
import { lostWritesBar, ms, samples, unexpected5xx } from './bars.js';
import type { DrillContext, Measures, Scenario } from './drill.js';
import { tokenFor } from './load.js';
import { bar, type Bar } from './report.js';

const L1_TTL_MS = 5000;
/** After Sentinel promotes a replica, every instance uses Redis again within this. */
const CACHE_BACK_WITHIN_MS = 5000;
/** Under warm reads, the share of Redis lookups that find their entry, on a Cluster as on one server. */
const L2_HIT_RATIO = 0.9;
/** The writes one principal may make in the drill's window: small enough that leases are one point (exact). */
const WRITE_LIMIT = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REDIS_SERVICE = { drivers: { db: 'postgres', cache: 'redis', queue: 'memory' }, instances: 2 } as const;
const no5xx = (m: Measures): Bar =>
  bar(
    'no 5xx',
    samples(m).every((s) => (s.status ?? 0) < 500),
    `${unexpected5xx(samples(m)) + samples(m).filter((s) => s.status === 503).length}`,
  );

/** Kills the master and waits until the Sentinels name another one. */
async function killMaster(ctx: DrillContext): Promise<void> {
  const redis = ctx.env.redis;
  const before = await redis.masterAddress();
  ctx.facts['master before'] = before;
  const killed = Date.now();
  await redis.serverAt(before).kill();
  for (;;) {
    const now = await redis.masterAddress().catch(() => before);
    if (now !== before) {
      ctx.marks['promoted'] = Date.now();
      ctx.facts['master after'] = now;
      ctx.facts['promoted after the kill'] = `${Date.now() - killed} ms`;
      return;
    }
    if (Date.now() - killed > 30_000) throw new Error('the Sentinels promoted no replica within 30 s');
    await sleep(100);
  }
}

/** When every instance reported the cache up again after `from` (null if one never did). */
function cacheBackAfter(m: Measures, from: number): number | null {
  const instances = [...new Set(m.readiness.map((r) => r.instance))];
  const firsts = instances.map(
    (instance) => m.readiness.find((r) => r.instance === instance && r.at >= from && r.dependencies['cache'] === 'up')?.at,
  );
  return firsts.every((at) => at !== undefined) ? Math.max(...firsts) - from : null;
}

const redisFailover: Scenario = {
  ...REDIS_SERVICE,
  name: 'redis-failover',
  summary: 'the Redis master behind three Sentinels is killed; a replica is promoted; the old master returns, as a replica',
  redis: 'sentinel',
  mix: { get: 6, list: 2, patch: 1, create: 1 },
  ratePerSecond: 60,
  concurrency: 8,
  staleness: true,
  serverEnv: { CACHE_L1_TTL: `${L1_TTL_MS}ms` },
  inject: killMaster,
  restore: async (ctx) => ctx.env.redis.serverAt(String(ctx.facts['master before'])).restart(),
  bars: (m) => {
    const promoted = m.ctx.marks['promoted'];
    const back = promoted === undefined ? null : cacheBackAfter(m, promoted);
    const stalest = Math.max(0, ...['during', 'after'].map((p) => m.phases[p]?.staleness ?? 0));
    return [
      no5xx(m),
      bar(`no read staler than the L1 TTL (${L1_TTL_MS} ms)`, m.phases['after']?.staleness !== null && stalest <= L1_TTL_MS, ms(stalest)),
      bar(
        `cache in use again within ${CACHE_BACK_WITHIN_MS / 1000} s of the promotion`,
        back !== null && back <= CACHE_BACK_WITHIN_MS,
        ms(back),
      ),
      lostWritesBar(m),
    ];
  },
};

/** The L2 lookups an instance counted, by result, from its /metrics. */
async function l2Lookups(ctx: DrillContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const server of ctx.servers) {
    const text = (await ctx.load.client.send(`${server.url}/metrics`, 'GET')).body;
    for (const match of text.matchAll(/^cache_requests_total\{([^}]*)\} (\d+)/gm)) {
      if (!match[1]!.includes('tier="l2"')) continue;
      const result = /result="(\w+)"/.exec(match[1]!)?.[1] ?? 'unknown';
      counts[result] = (counts[result] ?? 0) + Number(match[2]);
    }
  }
  return counts;
}

/** One principal's creates, three times its limit, alternately through each instance: how many were let through. */
async function spendWriteLimit(ctx: DrillContext): Promise<void> {
  const token = await tokenFor('chaos-limited', ['admin']);
  let passed = 0;
  for (let i = 0; i < WRITE_LIMIT * 3; i++) {
    const n = randomUUID().slice(0, 8);
    const server = ctx.servers[i % ctx.servers.length]!;
    const reply = await ctx.load.client.send(`${server.url}/v1/profiles`, 'POST', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ownerId: `limited-${n}`, handle: `lim_${n}`, email: `${n}@limited.example.com`, displayName: 'Limited' }),
    });
    if (reply.status !== 429) passed++;
  }
  ctx.facts['writes let through'] = passed;
}

const redisCluster: Scenario = {
  ...REDIS_SERVICE,
  name: 'redis-cluster',
  summary: "two instances on a Redis Cluster of three masters: warm reads through Redis, and one principal's writes spread over both",
  redis: 'cluster',
  // An L1 this short sends nearly every read to Redis: what is measured is the Cluster.
  serverEnv: { CACHE_L1_TTL: '50ms', RATE_LIMIT_WRITES: String(WRITE_LIMIT) },
  mix: { get: 9, list: 1 },
  ratePerSecond: 80,
  concurrency: 8,
  inject: spendWriteLimit,
  restore: () => Promise.resolve(),
  bars: async (m) => {
    const lookups = await l2Lookups(m.ctx);
    const total = Object.values(lookups).reduce((a, b) => a + b, 0);
    const ratio = total === 0 ? 0 : (lookups['hit'] ?? 0) / total;
    const passed = Number(m.ctx.facts['writes let through']);
    return [
      bar(
        `Redis hit ratio under warm reads at least ${L2_HIT_RATIO}`,
        total > 0 && ratio >= L2_HIT_RATIO,
        `${ratio.toFixed(3)} of ${total} lookups (${Object.entries(lookups)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      ),
      bar(
        `one principal's write limit (${WRITE_LIMIT}) met exactly across the two instances`,
        passed === WRITE_LIMIT,
        `${passed} let through of ${WRITE_LIMIT * 3}`,
      ),
      no5xx(m),
    ];
  },
};

export const REDIS_SCENARIOS: readonly Scenario[] = [redisFailover, redisCluster];
