// GET /docs in a real browser (Debian's chromium, driven by playwright-core): the reference
// loads under its content security policy with no console error, and lists every operation of
// /openapi.json; GET / sends a browser there.
import { chromium, type Browser } from 'playwright-core';
import { startTestService, type TestService } from '../../support/test-service.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let svc: TestService;
let browser: Browser;
beforeAll(async () => {
  svc = await startTestService();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 30_000);
afterAll(async () => {
  await browser.close();
  await svc.stop();
});

test('when /docs is opened in a browser, then it shows every operation of the OpenAPI document, with no console error and no blocked resource', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request ${request.url()}: ${request.failure()?.errorText ?? ''}`));

  // A browser asking for / lands on /docs.
  const landed = await page.goto(`${svc.url}/`);
  expect(new URL(page.url()).pathname).toBe('/docs');
  expect(landed?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.waitForSelector('.opblock-summary-operation-id', { timeout: 20_000 });

  const shown = await page.locator('.opblock-summary-operation-id').allTextContents();
  const document = (await svc.anonymous().get('/openapi.json')).body as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operations = Object.values(document.paths)
    .flatMap((item) => Object.values(item).map((op) => op.operationId))
    .filter((id): id is string => typeof id === 'string');
  expect(operations.length).toBeGreaterThan(15);
  expect(shown.map((s) => s.trim()).sort()).toEqual([...operations].sort());
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('when a program asks for /, then it gets where the documents are, as JSON', async () => {
  const res = await svc.anonymous().get('/');
  expect({ status: res.status, body: res.body }).toEqual({
    status: 200,
    body: { name: 'profile-service', version: expect.any(String), docs: '/docs', openapi: '/openapi.json', asyncapi: '/asyncapi.json' },
  });
});
