// Redis as managed services fail over: behind a primary endpoint that moves (ElastiCache's),
// the old master turns replica while the instances' connections still lead to it. Servers of
// the test's own (tools/redis/local-redis.ts); the endpoint is a fault proxy that moves.
import { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { LocalRedis } from '../../../tools/redis/local-redis.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { testNamespace } from '../../support/redis.js';
import { startTestService, type Client, type TestService } from '../../support/test-service.js';

const L1_TTL_MS = 1000;

let database: TestDatabase;
let master: LocalRedis;
let replica: LocalRedis;
let endpoint: FaultProxy;
const services: TestService[] = [];
beforeEach(async () => {
  database = await createTestDatabase();
  master = await LocalRedis.server('master');
  replica = await LocalRedis.server('replica', { replicaOf: master });
  endpoint = await FaultProxy.start({ host: master.host, port: master.port });
}, 30_000);
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
  await endpoint.close();
  await Promise.all([master.remove(), replica.remove()]);
  await database.drop();
});

async function msUntilVersion(client: Client, path: string, version: number, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await client.get(path);
    if (res.status === 200 && res.body.version >= version) return Date.now() - started;
    if (Date.now() - started > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('when the master is demoted behind a primary endpoint that moves, then writes reach the new master and no instance serves a stale version past the L1 TTL', async () => {
  const env = {
    ...serviceEnv(database.settings),
    CACHE_DRIVER: 'redis',
    REDIS_ADDRESS: `127.0.0.1:${endpoint.port}`,
    CACHE_KEY_PREFIX: testNamespace(),
    CACHE_L1_TTL: `${L1_TTL_MS}ms`,
  };
  for (let i = 0; i < 2; i++) services.push(await startTestService({ env }));
  const [writer, reader] = [await services[0]!.as('writer'), await services[1]!.as('reader')];
  const path = (await writer.post('/v1/profiles', aCreateBody())).headers.get('location')!;
  expect((await reader.get(path)).status).toBe(200);
  // The entry is in Redis and on the replica before the switch.
  while (Number(await replica.command('DBSIZE')) === 0) await new Promise((r) => setTimeout(r, 20));

  // A switchover: the replica becomes the master, the old master follows it, and the endpoint moves;
  // the instances' open connections stay on the old master.
  await replica.command('REPLICAOF', 'NO', 'ONE');
  await master.command('REPLICAOF', replica.host, String(replica.port));
  endpoint.moveTo({ host: replica.host, port: replica.port });

  const versions: number[] = [];
  for (let i = 0; i < 5; i++) {
    const patched = await writer.patch(path, { bio: `after the switchover ${i}` }, { 'If-Match': '*' });
    expect(patched.status).toBe(200);
    versions.push(patched.body.version);
    expect(await msUntilVersion(reader, path, patched.body.version, 5 * L1_TTL_MS)).toBeLessThanOrEqual(L1_TTL_MS + 500);
  }
  // Both instances use the new master: the cache is up there again.
  for (const service of services) {
    await eventually(
      async () => ((await service.anonymous().get('/health/ready')).body.checks.cache.status === 'up' ? true : undefined),
      5000,
      'cache up',
    );
  }
}, 60_000);
