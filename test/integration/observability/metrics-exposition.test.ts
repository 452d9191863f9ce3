// /metrics as Prometheus reads it: promtool (Debian's prometheus package; CI installs it)
// accepts the exposition, and no label value is a regular expression or an id, whatever
// requests came in: unknown paths, refused tokens, ids, and requests during start-up.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startTestService, type TestService } from '../../support/test-service.js';

const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));
// A developer machine may lack promtool; CI must not.
const withPromtool = PROMTOOL !== undefined || process.env['CI'] ? test : test.skip;

/** promtool's complaints about the exposition, but for its lint of prom-client's own gauges named *_total. */
function promtoolProblems(exposition: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(PROMTOOL ?? 'promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      const lines = `${stdout}${stderr}`
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new Error('promtool is missing: apt-get install prometheus'));
      resolve(lines.filter((l) => !/^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(l)));
    });
    child.stdin!.end(exposition);
  });
}

/** Every label value but histogram bounds (le="+Inf" is Prometheus's own). */
const labelValues = (exposition: string) =>
  [...exposition.matchAll(/\{([^}]*)\}/g)]
    .flatMap((m) => [...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)])
    .filter((label) => label[1] !== 'le')
    .map((label) => label[2]!);

const ID = '0190b6a2-1111-7000-8000-00000000abcd';

async function exerciseAndScrape(svc: TestService): Promise<string> {
  const anonymous = svc.anonymous();
  const stranger = new (anonymous.constructor as new (url: string, token: string) => typeof anonymous)(svc.url, 'not.a.token');
  await anonymous.get(`/v1/profiles/${ID}`);
  await stranger.get(`/v1/profiles/${ID}`);
  await stranger.request('PATCH', `/v1/profiles/${ID}`, { json: {} });
  await anonymous.get(`/v1/profiles/${ID}/avatar?v=3`);
  await anonymous.get(`/no/such/path/${ID}`);
  await anonymous.request('DELETE', '/openapi.json');
  return (await anonymous.get('/metrics')).text;
}

function expectBoundedLabels(exposition: string): void {
  const routes = [...exposition.matchAll(/^http_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]!);
  expect(routes.length).toBeGreaterThan(0);
  for (const route of routes) expect(route).toMatch(/^(unmatched|\/[\w/:.-]*)$/);
  for (const value of labelValues(exposition)) {
    expect(value).not.toContain(ID);
    expect(value).not.toMatch(/[()?|\\^$*+[\]]/);
  }
}

describe('GET /metrics', () => {
  let svc: TestService;
  afterEach(() => svc?.stop());

  withPromtool(
    'when requests were refused, unmatched or carried ids, then promtool accepts the exposition and every label is bounded',
    async () => {
      svc = await startTestService();

      const exposition = await exerciseAndScrape(svc);

      expectBoundedLabels(exposition);
      expect(exposition).toMatch(/^http_requests_total\{method="GET",route="\/v1\/profiles\/:id",status="401",component="api"\} [1-9]/m);
      expect(exposition).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404",component="api"\} [1-9]/m);
      expect(await promtoolProblems(exposition)).toEqual([]);
    },
  );

  withPromtool(
    'when requests arrive while the service is still starting (its database unreachable), then their routes are templates too',
    async () => {
      // Port 9 on loopback: nothing listens, so the service keeps retrying and stays "starting".
      svc = await startTestService({ env: { DB_DRIVER: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: '9' }, waitUntilReady: false });

      const exposition = await exerciseAndScrape(svc);

      expectBoundedLabels(exposition);
      expect(exposition).toMatch(/^http_requests_total\{method="GET",route="\/v1\/profiles\/:id",status="503",component="api"\} [1-9]/m);
      expect(await promtoolProblems(exposition)).toEqual([]);
    },
  );
});
