// The OpenAPI document and the routes agree: every documented operation is served (never
// "no resource lives at this path", never 405), and on a documented path every method the
// document does not name answers 405 with the methods it allows.
import { buildOpenApiDocument } from '../../src/adapters/http/openapi.js';
import { startTestService, type TestService } from '../support/test-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const paths = (
  buildOpenApiDocument('test', { avatarMaxBytes: 1, idempotencyTtlMs: 1 }) as { paths: Record<string, Record<string, unknown>> }
).paths;
const documented = Object.entries(paths).flatMap(([path, item]) =>
  METHODS.filter((m) => m.toLowerCase() in item).map((method) => [method, path] as const),
);
const concrete = (path: string) => path.replace('{id}', '0192f0c1-0000-7000-8000-00000000abcd').replace('{code}', 'validation-failed');

test.each(documented)('when %s %s is requested, then a route answers it', async (method, path) => {
  const admin = await svc.as('route-checker', ['admin']);
  const res = await admin.request(method, concrete(path));
  expect({ status: res.status, type: res.body?.type }).not.toMatchObject({ status: 405 });
  expect(res.body?.type ?? '').not.toBe('/problems/route-not-found');
});

test.each(Object.keys(paths))(
  'when %s is requested with a method it does not document, then 405 naming the documented ones',
  async (path) => {
    const admin = await svc.as('route-checker', ['admin']);
    const allowed = METHODS.filter((m) => m.toLowerCase() in paths[path]!);
    for (const method of METHODS.filter((m) => !allowed.includes(m))) {
      const res = await admin.request(method, concrete(path));
      const allow = (res.headers.get('allow') ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== 'HEAD' && m !== 'OPTIONS')
        .sort();
      expect({ method, status: res.status, allow }).toEqual({ method, status: 405, allow: [...allowed].sort() });
    }
  },
);
