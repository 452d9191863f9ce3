// POST /v1/profiles/import and the profile.import task behind it: the import as an admin runs
// it with the shipped client; refusals through the low-level client.
import { aCreateBody, aCreateRequest } from '../support/profile-builder.js';
import { startTestService, type TestService } from '../support/test-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ env: { OUTBOX_POLL_INTERVAL: '20ms' } });
});
afterAll(() => svc.stop());

const ndjson = (lines: unknown[]) => Buffer.from(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));

describe('POST /v1/profiles/import', () => {
  test('when an admin imports lines good and bad, then the good ones are created and the task names each bad line and why', async () => {
    const admin = await svc.client('importer', ['admin']);
    const taken = aCreateRequest();
    await (await svc.client('already-here')).createProfile(taken);
    const good = [1, 2, 3].map((n) => aCreateRequest({ ownerId: `imported-${n}` }));
    const body = ndjson([
      good[0],
      '{not json',
      { ...aCreateBody(), ownerId: 'x-1', age: 7 },
      good[1],
      '',
      { ...taken, ownerId: 'x-2' },
      good[2],
    ]);

    const accepted = await admin.importProfiles(body.toString());
    const task = await admin.waitForTask(accepted.id, { timeoutMs: 15_000, intervalMs: 25 });

    expect(task).toMatchObject({ type: 'profile.import', status: 'succeeded' });
    const result = task.result as { created: number; failed: number; failures: { line: number; errors: { pointer: string }[] }[] };
    expect(result).toMatchObject({ created: 3, failed: 3 });
    expect(result.failures.map((f) => f.line)).toEqual([2, 3, 6]);
    expect(result.failures[1]!.errors).toEqual([{ pointer: '/age', message: 'is not a known member' }]);
    expect(result.failures[2]!.errors[0]!.pointer).toBe('/handle');
    for (const profile of good) {
      const page = await admin.listProfiles({ handlePrefix: profile.handle });
      expect(page.items).toEqual([expect.objectContaining({ ownerId: profile.ownerId, handle: profile.handle })]);
    }
  });

  test('when a user imports, then 403; when the body is not NDJSON, then 415', async () => {
    const user = await svc.as('not-an-admin');
    expect(
      (
        await user.request('POST', '/v1/profiles/import', {
          body: ndjson([aCreateBody()]),
          headers: { 'content-type': 'application/x-ndjson' },
        })
      ).status,
    ).toBe(403);
    const admin = await svc.as('importer-2', ['admin']);
    expect((await admin.post('/v1/profiles/import', [aCreateBody()])).status).toBe(415);
  });
});

describe('the upload rate limit', () => {
  test('when a principal uploads more than RATE_LIMIT_UPLOADS in a window, then 429 with Retry-After, while other writes go on', async () => {
    const limited = await startTestService({ env: { RATE_LIMIT_UPLOADS: '2' } });
    try {
      const admin = await limited.as('busy-importer', ['admin']);
      const send = () =>
        admin.request('POST', '/v1/profiles/import', { body: ndjson([]), headers: { 'content-type': 'application/x-ndjson' } });
      expect([(await send()).status, (await send()).status]).toEqual([202, 202]);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-limit')).toBe('2');
      expect((await admin.post('/v1/profiles', { ...aCreateBody(), ownerId: 'someone' })).status).toBe(201);
    } finally {
      await limited.stop();
    }
  });
});
