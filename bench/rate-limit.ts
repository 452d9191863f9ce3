// npm run bench:rate-limit: how exact the shared rate limit is across three service instances
// behind a round-robin balancer. One principal sends far more reads than its limit allows, spread
// over the three instances, all within one window; the requests answered (not 429) are compared
// with the limit. Instances lease points from Redis a few at a time (docs/caching.md, "Rate
// limits"), so the count may fall short of the limit by what the leases still hold, and must
// never exceed it. Each trial uses a fresh principal, so trials do not share a window.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfileClient, ProblemError } from '../clients/typescript/src/index.js';
import { mintToken } from '../src/adapters/http/auth/jwt.js';
import { startServer, stopServer, type Server } from './servers.js';
import { BENCH, SERVICES, roundsOr } from './settings.js';

const INSTANCES = 3;
const LIMITS = BENCH.rateLimits;
const TRIALS = roundsOr(5);
const CONCURRENCY = 30;
const SECRET = randomBytes(32).toString('base64url');
const RUN = randomBytes(3).toString('hex');

const serviceEnv = (limit: number): Record<string, string> => ({
  SERVER_HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  AUTH_JWT_SECRET: SECRET,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-rl-')),
  DB_DRIVER: 'memory',
  QUEUE_DRIVER: 'memory',
  CACHE_DRIVER: 'redis',
  REDIS_ADDRESS: SERVICES.redisAddress,
  CACHE_KEY_PREFIX: `bench-rl-${RUN}`,
  RATE_LIMIT_READS: String(limit),
  RATE_LIMIT_WINDOW_SECONDS: '3600',
});

/** Sends `total` reads as one principal, round-robin over the instances; counts what was answered and what was refused. */
async function trial(servers: Server[], token: string, total: number): Promise<{ answered: number; refused: number; other: number }> {
  const counts = { answered: 0, refused: 0, other: 0 };
  // No retries: a refusal is what is counted.
  const clients = servers.map((server) => createProfileClient({ baseUrl: server.url, token, retry: false }));
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const client = clients[next++ % clients.length]!;
      // An id nobody has: a 404 is an answered read, counted against the limit like any other.
      const status = await client.getProfile(randomUUID()).then(
        () => 200,
        (error: unknown) => (error instanceof ProblemError ? error.status : 0),
      );
      if (status === 429) counts.refused++;
      else if (status === 404) counts.answered++;
      else counts.other++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return counts;
}

const secret = new TextEncoder().encode(SECRET);
console.log(
  `${INSTANCES} instances sharing Redis, ${CONCURRENCY} concurrent clients of one principal, round-robin; reads sent: 1.5x the limit`,
);
console.log(
  `\n${'limit'.padStart(6)}${'trials'.padStart(8)}${'answered (min-max)'.padStart(22)}${'overshoot'.padStart(11)}${'undershoot (max)'.padStart(18)}${'other'.padStart(7)}`,
);
for (const limit of LIMITS) {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < INSTANCES; i++) servers.push(await startServer('dist/bootstrap/server.js', serviceEnv(limit)));
    const answered: number[] = [];
    let other = 0;
    for (let t = 0; t < TRIALS; t++) {
      const token = await mintToken({ secret }, { subject: `rl-${RUN}-${limit}-${t}`, roles: ['user'], ttlSeconds: 3600 });
      const counts = await trial(servers, token, Math.ceil(limit * 1.5));
      answered.push(counts.answered);
      other += counts.other;
    }
    const most = Math.max(...answered);
    const least = Math.min(...answered);
    console.log(
      `${String(limit).padStart(6)}${String(TRIALS).padStart(8)}${`${least}-${most}`.padStart(22)}${String(Math.max(0, most - limit)).padStart(11)}` +
        `${String(limit - least).padStart(18)}${String(other).padStart(7)}`,
    );
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}
