// The delayed purge of a deleted profile: it runs after PURGE_GRACE_PERIOD (shortened here),
// and a restore before then cancels it.
import { aCreateBody } from '../support/profile-builder.js';
import { eventually } from '../support/eventually.js';
import { startTestService, type TestService } from '../support/test-service.js';

const GRACE_MS = 600;
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ env: { PURGE_GRACE_PERIOD: `${GRACE_MS}ms`, OUTBOX_POLL_INTERVAL: '20ms' } });
});
afterAll(() => svc.stop());

describe('the purge of a deleted profile', () => {
  test('when the grace period passes, then the profile is erased: its handle, e-mail and owner are free, and it cannot be restored', async () => {
    const owner = await svc.as('purged-owner');
    const body = aCreateBody();
    const { id } = (await owner.post('/v1/profiles', body)).body;
    const deletedAt = Date.now();
    expect((await owner.delete(`/v1/profiles/${id}`)).status).toBe(204);

    // A deleted profile keeps its handle, e-mail and owner until the purge: creating it again succeeds only then.
    const erasedAfter = await eventually(async () => {
      const again = await owner.post('/v1/profiles', body);
      return again.status === 201 ? Date.now() - deletedAt : undefined;
    });

    expect(erasedAfter).toBeGreaterThanOrEqual(GRACE_MS);
    expect((await (await svc.as('admin', ['admin'])).post(`/v1/profiles/${id}/restore`)).status).toBe(404);
  });

  test('when the profile is restored within the grace period, then the purge leaves it alone', async () => {
    const owner = await svc.as('restored-owner');
    const { id } = (await owner.post('/v1/profiles', aCreateBody())).body;
    await owner.delete(`/v1/profiles/${id}`);
    expect((await owner.post(`/v1/profiles/${id}/restore`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));

    const read = await owner.get(`/v1/profiles/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(3);
  });
});
