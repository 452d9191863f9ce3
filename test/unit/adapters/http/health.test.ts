// Readiness: started, not stopping, and every critical dependency up.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Registry } from 'prom-client';
import type { AppState } from '../../../../src/adapters/http/context.js';
import { HealthService, type HealthReport, type Phase } from '../../../../src/adapters/http/health.js';
import type { DependencyProbe, DependencyStatus } from '../../../../src/adapters/dependencies/probe.js';
import { problems } from '../../../../src/adapters/http/middleware/problems.js';
import { operationsRoutes } from '../../../../src/adapters/http/routes/operations-routes.js';

const probe = (name: string, critical: boolean, status: DependencyStatus | 'hang'): DependencyProbe => ({
  name,
  critical,
  check: () => (status === 'hang' ? new Promise<DependencyStatus>(() => {}) : Promise.resolve(status)),
});

async function readyStatus(probes: DependencyProbe[], phase: Phase) {
  const app = new Koa<AppState>();
  app.use(async (ctx, next) => {
    ctx.state.requestId = 'test';
    await next();
  });
  app.use(problems());
  app.use(
    operationsRoutes({
      health: new HealthService(probes, () => phase),
      registry: new Registry(),
      openApiDocument: {},
      version: 't',
      details: true,
    }).routes(),
  );
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as HealthReport };
  } finally {
    server.close();
  }
}

describe('GET /health/ready', () => {
  test('when a critical dependency is down, then 503 with Retry-After naming it down', async () => {
    const res = await readyStatus([probe('database', true, 'down'), probe('cache', false, 'up')], 'ready');
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(res.body.checks.database).toEqual({ status: 'down', critical: true });
  });

  test('when only a non-critical dependency is down, then 200: the service runs degraded', async () => {
    const res = await readyStatus([probe('database', true, 'up'), probe('cache', false, 'down')], 'ready');
    expect(res.status).toBe(200);
    expect(res.body.checks['cache']?.status).toBe('down');
  });

  test.each(['starting', 'stopping'] as const)('when the service is %s, then 503 even with every dependency up', async (phase) => {
    const res = await readyStatus([probe('database', true, 'up')], phase);
    expect(res.status).toBe(503);
    expect(res.body.phase).toBe(phase);
  });

  test('when a probe hangs, then it counts as down instead of hanging the check', async () => {
    const res = await readyStatus([probe('database', true, 'hang')], 'ready');
    expect(res.status).toBe(503);
    expect(res.body.checks['database']?.status).toBe('down');
  });
});
