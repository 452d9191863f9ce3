// PostgreSQL as managed databases fail: a primary demoted to read-only while the service's
// pooled connections still lead to it, a replica that hangs, a write whose answer is lost on
// the way back. Servers of the tests' own (tools/postgres/local-postgres.ts) where a server must
// be turned read-only or promoted; the machine's own behind a fault proxy otherwise.
import { FaultProxy } from '../../../tools/chaos/fault-proxy.js';
import { LocalPostgres } from '../../../tools/postgres/local-postgres.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { startTestService, type Client, type TestService } from '../../support/test-service.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

describe('a primary demoted to read-only under pooled connections', () => {
  let primary: LocalPostgres;
  let standby: LocalPostgres;
  let endpoint: FaultProxy;
  beforeEach(async () => {
    primary = await LocalPostgres.primary('demoted');
    await primary.sql('CREATE DATABASE profiles');
    standby = await primary.standby('promoted');
    endpoint = await FaultProxy.start({ host: primary.host, port: primary.port });
  }, 60_000);
  afterEach(async () => {
    await endpoint.close();
    await Promise.all([primary.remove(), standby.remove()]);
  });

  test(
    'when writes meet 25006, then they get 503 with Retry-After (never 500), readiness names the read-only primary, ' +
      'and once the endpoint leads to a writable server every write path works again',
    async () => {
      svc = await startTestService({
        env: { DB_DRIVER: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: String(endpoint.port), DB_USER: 'postgres', DB_NAME: 'profiles' },
      });
      const owners = await Promise.all(Array.from({ length: 6 }, (_, i) => svc!.as(`demoted-${i}`)));
      const paths = await Promise.all(owners.map(async (c) => `/v1/profiles/${(await c.post('/v1/profiles', aCreateBody())).body.id}`));
      // Patches at once: the pool holds several connections to the primary, as under load.
      const patchAll = () => Promise.all(owners.map((c, i) => c.patch(paths[i]!, { bio: `at ${Date.now()}` }, { 'If-Match': '*' })));
      expect((await patchAll()).map((r) => r.status)).toEqual(Array(6).fill(200));

      await primary.sql('ALTER SYSTEM SET default_transaction_read_only = on');
      await primary.sql('SELECT pg_reload_conf()');
      const during = [...(await patchAll()), ...(await patchAll()), await owners[0]!.post('/v1/profiles', aCreateBody())];
      expect(during.filter((r) => r.status !== 503)).toEqual([]);
      expect(during.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
      const ready = await eventually(
        async () => {
          const res = await svc!.anonymous().get('/health/ready');
          return res.body.checks.database.primary === 'read-only' ? res : undefined;
        },
        5000,
        'readiness reports the read-only primary',
      );
      expect(ready.status).toBe(503);

      await standby.promote();
      // As a DNS name moves at a switchover: new connections go to the new primary, open ones stay.
      endpoint.moveTo({ host: standby.host, port: standby.port });
      await eventually(
        async () => ((await patchAll()).every((r) => r.status === 200) ? true : undefined),
        10_000,
        'every patch answered 200',
      );
      const client = owners[1]!;
      expect((await client.delete(paths[1]!)).status).toBe(204);
      expect((await client.post(`${paths[1]}/restore`)).status).toBe(200);
      expect((await (await svc.as('after-switchover')).post('/v1/profiles', aCreateBody())).status).toBe(201);
    },
    60_000,
  );
});

describe('a replica that hangs', () => {
  let database: TestDatabase;
  let replica: FaultProxy;
  beforeEach(async () => {
    database = await createTestDatabase();
    // The replica is the same database reached through a proxy of its own: what matters here is the link.
    replica = await FaultProxy.start({ host: database.settings.host, port: database.settings.port });
  });
  afterEach(async () => {
    await replica.close();
    await database.drop();
  });

  test('when a read replica stops answering, then lists go to the primary, creates go on, and readiness stays 200', async () => {
    svc = await startTestService({ env: { ...serviceEnv(database.settings), DB_READ_HOSTS: `127.0.0.1:${replica.port}` } });
    const alice = await svc.as('alice');
    expect((await alice.post('/v1/profiles', aCreateBody())).status).toBe(201);
    expect((await alice.get('/v1/profiles?limit=5')).status).toBe(200);

    replica.blackhole();
    const answers: { status: number; ms: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const list = await alice.get('/v1/profiles?limit=5');
      answers.push({ status: list.status, ms: Date.now() - started });
      expect((await (await svc.as(`hang-${i}`)).post('/v1/profiles', aCreateBody())).status).toBe(201);
    }
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    // A bound against hanging, not a speed measurement: no list waits for the replica past the read deadline.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1000);
    const ready = await svc.anonymous().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({
      database: { status: 'up', breaker: 'closed' },
      'database-replica-1': { status: 'down', critical: false, breaker: 'open', address: `127.0.0.1:${replica.port}` },
    });
  }, 60_000);
});

describe('a keyed create whose answer is lost', () => {
  let database: TestDatabase;
  let link: FaultProxy;
  let kim: Client;
  beforeEach(async () => {
    database = await createTestDatabase();
    link = await FaultProxy.start({ host: database.settings.host, port: database.settings.port });
    svc = await startTestService({ env: serviceEnv(database.settings, { host: '127.0.0.1', port: link.port }) });
    kim = await svc.as('kim');
  });
  afterEach(async () => {
    await link.close();
    await database.drop();
  });

  const profilesOf = async (owner: string) =>
    (await svc!.as('admin', ['admin']))
      .get(`/v1/profiles?limit=100`)
      .then((res) => (res.body.items as { ownerId: string }[]).filter((p) => p.ownerId === owner));

  test('when the link is cut after the INSERT reached the server, then the retry with the same key creates the profile, once', async () => {
    const body = aCreateBody();
    const cut = link.cutAfterSending('INSERT INTO profiles');
    const first = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'lost-insert' });
    await cut;
    expect(first.status).toBe(503);

    const retry = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'lost-insert' });
    expect(retry.status).toBe(201);
    const again = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'lost-insert' });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([201, 'true', retry.body.id]);
    expect(await profilesOf('kim')).toHaveLength(1);
  }, 30_000);

  test('when the link is cut after COMMIT reached the server, then the retry with the same key replays the create', async () => {
    const body = aCreateBody();
    const cut = link.cutAfterSending('COMMIT', { following: 'INSERT INTO profiles' });
    const first = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'lost-commit' });
    await cut;
    expect(first.status).toBe(503);

    const retry = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'lost-commit' });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect((await profilesOf('kim')).map((p) => (p as unknown as { id: string }).id)).toEqual([retry.body.id]);
  }, 30_000);
});
