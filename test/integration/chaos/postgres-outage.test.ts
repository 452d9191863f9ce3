// Chaos drills for PostgreSQL, through the fault proxy: the service answers fast 503s while
// the database is away, reports it, and recovers by itself when it returns.
import { aCreateBody } from '../../support/profile-builder.js';
import { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { startTestService, type Client, type TestService } from '../../support/test-service.js';

let database: TestDatabase;
let proxy: FaultProxy;
beforeEach(async () => {
  database = await createTestDatabase();
  proxy = await FaultProxy.start({ host: database.settings.host, port: database.settings.port });
});
afterEach(async () => {
  await proxy.close();
  await database.drop();
});

const throughProxy = () => ({
  ...serviceEnv(database.settings, { host: '127.0.0.1', port: proxy.port }),
  DB_CONNECT_TIMEOUT: '500ms',
  DB_BREAKER_RESET: '1s',
});

/** Polls until `ok` holds; resolves with how long that took. */
async function timeUntil(ok: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await ok()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not recovered within ${limitMs} ms`);
}

const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};

describe('PostgreSQL cut mid-run', () => {
  let svc: TestService;
  let alice: Client;
  afterEach(() => svc.stop());

  test('when the link is cut, then requests get 503 with Retry-After at once, ready is 503, and the breaker shows it', async () => {
    svc = await startTestService({ env: throughProxy() });
    alice = await svc.as('alice');
    const created = await alice.post('/v1/profiles', aCreateBody());
    expect(created.status).toBe(201);

    await proxy.cut();
    for (let i = 0; i < 10; i++) {
      const write = await timed(() => svc.as(`cut-${i}`).then((c) => c.post('/v1/profiles', aCreateBody())));
      const read = await timed(() => alice.get('/v1/profiles'));
      for (const { result, ms } of [write, read]) {
        expect(result.status).toBe(503);
        expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
        // A bound against hanging, not a speed measurement: the breaker and timeouts answer well inside a probe's timeout.
        expect(ms).toBeLessThan(1000);
      }
    }
    const ready = await svc.anonymous().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toMatchObject({ status: 'down', critical: true, breaker: 'open' });
    const metrics = await svc.anonymous().get('/metrics');
    expect(metrics.text).toMatch(/circuit_breaker_state\{dependency="database",component="api"\} 2/);
    expect(metrics.text).toMatch(/circuit_breaker_events_total\{dependency="database",event="open",component="api"\} [1-9]/);
  }, 30_000);

  test('when the link comes back, then the service recovers within 5 s without a restart', async () => {
    svc = await startTestService({ env: throughProxy() });
    alice = await svc.as('alice');
    await proxy.cut();
    for (let i = 0; i < 6; i++) expect((await alice.get('/v1/profiles')).status).toBe(503);

    await proxy.restore();
    const recoveredMs = await timeUntil(async () => (await alice.get('/v1/profiles')).status === 200, 5000);
    expect(recoveredMs).toBeLessThanOrEqual(5000);
    expect((await alice.post('/v1/profiles', aCreateBody())).status).toBe(201);
    expect((await svc.anonymous().get('/health/ready')).body.checks.database).toMatchObject({ status: 'up', breaker: 'closed' });
  }, 30_000);

  test('when open connections are reset, then no request gets a 5xx other than 503, and the service goes on', async () => {
    svc = await startTestService({ env: throughProxy() });
    alice = await svc.as('alice');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 0) proxy.reset();
      statuses.push((await alice.get('/v1/profiles')).status);
    }
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses.at(-1)).toBe(200);
  }, 30_000);
});

describe('PostgreSQL away at start-up', () => {
  test('when started with the link cut, then it stays alive (live 200, ready 503) and turns ready once the link returns', async () => {
    await proxy.cut();
    const svc = await startTestService({ env: throughProxy(), waitUntilReady: false });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect((await svc.anonymous().get('/health/live')).status).toBe(200);
      expect((await svc.anonymous().get('/health/ready')).status).toBe(503);
      const early = await (await svc.as('early')).get('/v1/profiles');
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).not.toBeNull();
      expect(svc.logLines.join('')).toContain('database not reachable yet; retrying');

      await proxy.restore();
      await timeUntil(async () => (await svc.anonymous().get('/health/ready')).status === 200, 10_000);
      expect((await (await svc.as('later')).post('/v1/profiles', aCreateBody())).status).toBe(201);
    } finally {
      await svc.stop();
    }
  }, 30_000);
});

describe('a read replica away', () => {
  test('when the replica link is cut, then lists are served by the primary', async () => {
    const svc = await startTestService({
      env: {
        ...serviceEnv(database.settings),
        // The "replica" is the same server, reached through the proxy, so cutting it leaves the primary up.
        DB_READ_HOSTS: `127.0.0.1:${proxy.port}`,
        DB_CONNECT_TIMEOUT: '500ms',
      },
    });
    try {
      const alice = await svc.as('alice');
      await alice.post('/v1/profiles', aCreateBody({ handle: 'replicated' }));
      expect((await alice.get('/v1/profiles?handlePrefix=replicated')).body.items).toHaveLength(1);
      await proxy.cut();
      const during = await alice.get('/v1/profiles?handlePrefix=replicated');
      expect(during.status).toBe(200);
      expect(during.body.items).toHaveLength(1);
    } finally {
      await svc.stop();
    }
  }, 30_000);
});
