// DELETE /v1/profiles/{id} (soft) and POST /v1/profiles/{id}/restore.
import { aCreateBody } from '../support/profile-builder.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestService, type TestService } from '../support/test-service.js';

const clock = new ManualClock(new Date());
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ clock, env: { PURGE_GRACE_PERIOD: '7d' } });
});
afterAll(() => svc.stop());

async function created(subject: string) {
  const client = await svc.as(subject);
  const res = await client.post('/v1/profiles', aCreateBody());
  return { client, path: `/v1/profiles/${res.body.id}`, handle: res.body.handle as string };
}

describe('DELETE /v1/profiles/{id}', () => {
  test('when the owner deletes, then 204 and the profile is gone from reads and lists', async () => {
    const { client, path, handle } = await created('deleter');
    const res = await client.delete(path);
    expect(res.status).toBe(204);
    expect((await client.get(path)).status).toBe(404);
    const list = await client.get(`/v1/profiles?handlePrefix=${handle}`);
    expect(list.body.items).toEqual([]);
    expect((await client.delete(path)).status).toBe(404);
  });

  test('when another user deletes, then 403 and the profile stays', async () => {
    const { client, path } = await created('keeper');
    expect((await (await svc.as('vandal')).delete(path)).status).toBe(403);
    expect((await client.get(path)).status).toBe(200);
  });

  test('when If-Match is stale, then 412', async () => {
    const { client, path } = await created('careful');
    await client.patch(path, { bio: 'changed' }, { 'If-Match': '"1"' });
    expect((await client.delete(path, { 'If-Match': '"1"' })).status).toBe(412);
    expect((await client.delete(path, { 'If-Match': '"2"' })).status).toBe(204);
  });
});

describe('POST /v1/profiles/{id}/restore', () => {
  test('when restored within the grace period, then 200 and it reads again at a new version', async () => {
    const { client: before, path } = await created('regretful');
    await before.delete(path);
    clock.advance(6 * 86_400_000);
    // Six days on, the owner comes back with a token of that day.
    const client = await svc.as('regretful');
    const res = await client.post(`${path}/restore`);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(3);
    expect(res.headers.get('etag')).toBe('"3"');
    expect((await client.get(path)).status).toBe(200);
  });

  test('when restored after the grace period, then 409', async () => {
    const { client: before, path } = await created('too-late');
    await before.delete(path);
    clock.advance(8 * 86_400_000);
    const res = await (await svc.as('too-late')).post(`${path}/restore`);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/restore-window-closed');
  });

  test('when another user restores a deleted profile, then 404: it cannot tell that the profile exists', async () => {
    const { client, path } = await created('private-deleter');
    await client.delete(path);
    expect((await (await svc.as('snoop')).post(`${path}/restore`)).status).toBe(404);
  });

  test('when an admin restores, then 200', async () => {
    const { client, path } = await created('helped');
    await client.delete(path);
    expect((await (await svc.as('helper', ['admin'])).post(`${path}/restore`)).status).toBe(200);
  });
});
