// npm run bench:capacity: docs/capacity.md's 1x column checked on this machine. Three service
// instances (PostgreSQL, Redis, RabbitMQ, as in production) share BENCH_CAPACITY_RATE requests
// a second (2,000) for BENCH_SECONDS x 4, in the stated mix: 95 % reads by id over 1,000
// profiles, 4 % creates, 1 % lists and searches. Printed per instance: the rate served, p50 and
// p99, answers other than 2xx, CPU per request; and for the dependencies: PostgreSQL
// connections and transactions a second, Redis commands a second, events published a second.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { Redis } from 'ioredis';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { sampleSum } from '../tools/metrics/exposition.js';
import { PG, REDIS_ADDRESS, createBenchDatabase, postgresEnv } from './environment.js';
import { cpuMs, seed, startServer, stopServer, type Server } from './servers.js';
import { BENCH, SERVICES } from './settings.js';

const INSTANCES = 3;
const RATE = BENCH.capacityRate;
const SECONDS = BENCH.seconds * 4;
const RUN = randomBytes(3).toString('hex');
const DB_NAME = `profiles_capacity_${RUN}`;
const SECRET = randomBytes(32).toString('base64url');
const POOL_MAX = 10;

const env: Record<string, string> = {
  ...postgresEnv(DB_NAME),
  DB_POOL_MAX: String(POOL_MAX),
  SERVER_HOST: '127.0.0.1',
  AUTH_JWT_SECRET: SECRET,
  CACHE_DRIVER: 'redis',
  REDIS_ADDRESS,
  CACHE_KEY_PREFIX: `capacity-${RUN}`,
  QUEUE_DRIVER: 'rabbitmq',
  QUEUE_URI: SERVICES.queueUri,
  QUEUE_PREFIX: `capacity-${RUN}`,
  RATE_LIMIT_READS: '10000000',
  RATE_LIMIT_WRITES: '10000000',
  LOG_LEVEL: 'info',
};

async function eventsPublished(server: Server): Promise<number> {
  return sampleSum(await (await fetch(`${server.url}/metrics`)).text(), 'events_published_total') ?? 0;
}

const secret = new TextEncoder().encode(SECRET);
const admin = await mintToken({ secret }, { subject: 'capacity-admin', roles: ['admin'], ttlSeconds: 3600 });
const database = await createBenchDatabase(DB_NAME);
const servers: Server[] = [];
const [redisHost, redisPort] = REDIS_ADDRESS.replace(/^redis:\/\//, '').split(':');
const redis = new Redis({ host: redisHost, port: Number(redisPort ?? 6379), lazyConnect: true });
const sql = new pg.Client({ ...PG, database: DB_NAME });
try {
  for (let i = 0; i < INSTANCES; i++)
    servers.push(await startServer('dist/bootstrap/server.js', { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'capacity-')) }));
  const ids = await seed(servers[0]!, admin, 1000);
  await redis.connect();
  await sql.connect();
  const commands = async () => {
    const stats = await redis.info('commandstats');
    return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  const transactions = async () =>
    Number(
      (await sql.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [DB_NAME]))
        .rows[0]!.n,
    );
  let peakConnections = 0;
  const watch = setInterval(() => {
    void sql
      .query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle'", [DB_NAME])
      .then(({ rows }) => (peakConnections = Math.max(peakConnections, Number(rows[0]!.n) - 1)));
  }, 200);

  const before = {
    cpu: servers.map(cpuMs),
    redis: await commands(),
    sql: await transactions(),
    events: await Promise.all(servers.map(eventsPublished)),
  };
  const prefix = `${RUN}_`;
  const asAdmin = { authorization: `Bearer ${admin}` };
  const runs = servers.map((server, instance) => {
    let n = 0;
    return autocannon({
      url: server.url,
      connections: 10,
      duration: SECONDS,
      // Each connection paced on its own: overallRate with several instances in one process paces far below its figure.
      connectionRate: Math.max(1, Math.round(RATE / INSTANCES / 10)),
      requests: [
        {
          // Each request names its own headers and body: autocannon otherwise carries a POST's
          // body length over to the GETs after it, and they wait for a body that never comes.
          setupRequest: (req: autocannon.Request) => {
            const k = n++;
            const slot = k % 100;
            const read = (path: string) => ({ ...req, method: 'GET' as const, path, body: undefined, headers: asAdmin });
            if (slot < 95) return read(`/v1/profiles/${ids[(k * 7 + instance) % ids.length]}`);
            if (slot < 99) {
              const name = `c${prefix}${instance}_${k}`;
              return {
                ...req,
                method: 'POST' as const,
                path: '/v1/profiles',
                headers: { ...asAdmin, 'content-type': 'application/json' },
                body: JSON.stringify({ ownerId: name, handle: name, email: `${name}@capacity.example.com`, displayName: 'Capacity' }),
              };
            }
            return read(k % 200 < 100 ? '/v1/profiles?limit=20' : '/v1/profiles?q=seed&limit=20');
          },
        },
      ],
    });
  });
  const results = await Promise.all(runs);
  clearInterval(watch);
  const after = {
    cpu: servers.map(cpuMs),
    redis: await commands(),
    sql: await transactions(),
    events: await Promise.all(servers.map(eventsPublished)),
  };

  console.log(
    `\n${INSTANCES} instances on ${PG.host}'s PostgreSQL, Redis ${REDIS_ADDRESS} and RabbitMQ; ${RATE} req/s for ${SECONDS} s in all`,
  );
  console.log('mix: 95 % GET by id (1,000 profiles), 4 % POST, 1 % list and search\n');
  console.log(
    `${'instance'.padEnd(10)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'non-2xx'.padStart(9)}${'errors'.padStart(8)}${'CPU ms/req'.padStart(12)}`,
  );
  results.forEach((result, i) => {
    const cpuPerRequest = (after.cpu[i]! - before.cpu[i]!) / result.requests.total;
    console.log(
      `${String(i).padEnd(10)}${result.requests.average.toFixed(0).padStart(8)}${String(result.latency.p50).padStart(8)}${String(result.latency.p99).padStart(8)}` +
        `${String(result.non2xx).padStart(9)}${String(result.errors + result.timeouts).padStart(8)}${cpuPerRequest.toFixed(3).padStart(12)}`,
    );
  });
  const perSecond = (n: number) => (n / SECONDS).toFixed(0);
  const events = after.events.reduce((a, b) => a + b, 0) - before.events.reduce((a, b) => a + b, 0);
  console.log(
    `\nPostgreSQL: ${perSecond(after.sql - before.sql)} transactions/s, at most ${peakConnections} connections busy at once (pools: ${INSTANCES} x ${POOL_MAX})`,
  );
  console.log(
    `Redis: ${perSecond(after.redis - before.redis)} commands/s (cache fills and invalidations, rate-limit leases; a script counts each command it runs)`,
  );
  console.log(`RabbitMQ: ${perSecond(events)} events published/s`);
} finally {
  await Promise.all(servers.map(stopServer));
  redis.disconnect();
  await sql.end().catch(() => undefined);
  await database.drop();
}
