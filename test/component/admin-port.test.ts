// ADMIN_PORT: metrics and the detailed health report on a port of their own, so that the port
// clients reach carries the API and the probes only (production's default, 9090).
import { Client, startTestService, type TestService } from '../support/test-service.js';

let svc: TestService;
let admin: Client;
beforeAll(async () => {
  svc = await startTestService({ env: { ADMIN_PORT: '0' } });
  admin = new Client(svc.service.adminUrl!);
});
afterAll(() => svc.stop());

describe('with an admin port', () => {
  test('when the public port is asked for metrics or the detailed report, then 404; its probes and the API answer', async () => {
    const public_ = svc.anonymous();
    expect((await public_.get('/metrics')).status).toBe(404);
    expect((await public_.get('/health')).status).toBe(404);
    expect((await public_.get('/health/live')).status).toBe(200);
    expect((await public_.get('/health/ready')).status).toBe(200);
    expect((await (await svc.as('admin-port-alice')).get('/v1/profiles')).status).toBe(200);
  });

  test('when the admin port is asked, then it serves the metrics, the detailed report and the probes, and no API', async () => {
    const metrics = await admin.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_requests_total');
    expect((await admin.get('/health')).body).toMatchObject({
      status: 'up',
      version: expect.any(String),
      checks: { database: { status: 'up' } },
    });
    expect((await admin.get('/health/ready')).status).toBe(200);
    expect((await admin.get('/v1/profiles')).status).toBe(404);
  });

  test('when nothing sets it outside production, then one port serves everything; in production the default is 9090', async () => {
    const { loadConfig } = await import('../../src/adapters/settings/config.js');
    expect(loadConfig({}).server.adminPort).toBeUndefined();
    const production = loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'pw', REDIS_PASSWORD: 'pw', AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(production.server.adminPort).toBe(9090);
  });
});
