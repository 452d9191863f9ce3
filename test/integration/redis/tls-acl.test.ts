// Redis as managed services run it: TLS only, client certificates, an ACL user instead of the
// default one. A TLS-only redis-server of the test's own with a CA the test makes. What the
// operator gets wrong leaves the service ready (the cache is never critical) and says why, by
// setting, in the log and in /health.
import { Redis } from 'ioredis';
import { LocalRedis } from '../../../tools/redis/local-redis.js';
import { TestCa, type Issued } from '../../../tools/tls/test-ca.js';
import { eventually } from '../../support/eventually.js';
import { startTestService, type TestService } from '../../support/test-service.js';

let ca: TestCa;
let stranger: TestCa;
let client: Issued;
let server: LocalRedis;
let svc: TestService | undefined;
const PASSWORD = 'app-secret-for-the-test';

beforeAll(async () => {
  [ca, stranger] = await Promise.all([TestCa.create('Redis Test CA'), TestCa.create('Another CA')]);
  const certificate = await ca.server({ dns: ['localhost'], ip: ['127.0.0.1'] });
  client = await ca.client('profile-service');
  server = await LocalRedis.server('tls', {
    tls: { certFile: certificate.certFile, keyFile: certificate.keyFile, caFile: ca.certFile },
    users: [`user app on >${PASSWORD} ~* &* +@all`],
  });
}, 30_000);
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});
afterAll(async () => {
  await server?.remove();
  ca?.remove();
  stranger?.remove();
});

const tlsEnv = (extra: Record<string, string> = {}) => ({
  CACHE_DRIVER: 'redis',
  REDIS_ADDRESS: `rediss://localhost:${server.port}`,
  REDIS_TLS_CA: ca.certFile,
  REDIS_TLS_CERT: client.certFile,
  REDIS_TLS_KEY: client.keyFile,
  REDIS_USERNAME: 'app',
  REDIS_PASSWORD: PASSWORD,
  CACHE_KEY_PREFIX: `tls-${Date.now()}`,
  ...extra,
});

/** The cache's report in /health/ready once it has settled on `status`. */
async function cacheReport(status: string): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const res = await svc!.anonymous().get('/health/ready');
      expect(res.status).toBe(200);
      return res.body.checks.cache.status === status ? (res.body.checks.cache as Record<string, unknown>) : undefined;
    },
    8000,
    `cache ${status}`,
  );
}

describe('Redis over TLS with an ACL user', () => {
  test('when rediss://, the CA, a client certificate and the ACL user are given, then the cache is up and its entries are in that Redis', async () => {
    svc = await startTestService({ env: tlsEnv() });
    expect(await cacheReport('up')).toMatchObject({ mode: 'standalone', breaker: 'closed' });
    const alice = await svc.as('alice');
    const created = await alice.post('/v1/profiles', { handle: 'tls_alice', email: 'alice@tls.example.com', displayName: 'Alice' });
    expect((await alice.get(created.headers.get('location')!)).status).toBe(200);
    const look = new Redis({
      host: 'localhost',
      port: server.port,
      username: 'app',
      password: PASSWORD,
      tls: { ca: ca.cert, cert: client.cert, key: client.key },
    });
    try {
      expect((await look.keys('tls-*:profile:*')).length).toBeGreaterThan(0);
    } finally {
      look.disconnect();
    }
  }, 30_000);

  test('when the password is wrong, then the service stays ready and /health and one log line name REDIS_USERNAME / REDIS_PASSWORD', async () => {
    svc = await startTestService({ env: tlsEnv({ REDIS_PASSWORD: 'not-the-password' }) });
    const report = await cacheReport('down');
    expect(report['reason']).toMatch(/^REDIS_USERNAME \/ REDIS_PASSWORD: Redis refused them \(WRONGPASS/);
    expect(svc.logLines.filter((line) => line.includes('"setting":"REDIS_USERNAME / REDIS_PASSWORD"'))).toHaveLength(1);
    expect(svc.logLines.join('')).not.toContain('not-the-password');
  }, 30_000);

  test('when plain TCP meets the TLS port, then the cache is reported down naming REDIS_TLS, not silently off', async () => {
    svc = await startTestService({
      env: { CACHE_DRIVER: 'redis', REDIS_ADDRESS: `127.0.0.1:${server.port}`, REDIS_USERNAME: 'app', REDIS_PASSWORD: PASSWORD },
    });
    expect((await cacheReport('down'))['reason']).toMatch(/^REDIS_TLS: the server resets plain connections/);
  }, 30_000);

  test("when the server's certificate is from another CA, then the cache is reported down naming REDIS_TLS_CA", async () => {
    svc = await startTestService({ env: tlsEnv({ REDIS_TLS_CA: stranger.certFile }) });
    expect((await cacheReport('down'))['reason']).toMatch(/^REDIS_TLS_CA: the server's certificate is not signed/);
  }, 30_000);
});
