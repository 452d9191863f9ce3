// DELETE /v1/profiles/{id} (soft) and POST /v1/profiles/{id}/restore, through the shipped client
// as the API's users call them: a refusal is a ProblemError with the answer's status.
import { ProblemError } from '../../clients/typescript/src/index.js';
import { aCreateRequest } from '../support/profile-builder.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestService, type TestService } from '../support/test-service.js';

const clock = new ManualClock(new Date());
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ clock, env: { PURGE_GRACE_PERIOD: '7d' } });
});
afterAll(() => svc.stop());

async function created(subject: string) {
  const client = await svc.client(subject);
  const { value } = await client.createProfile(aCreateRequest());
  return { client, id: value.id, handle: value.handle };
}

/** A call the service refused with this status (the client's ProblemError). */
const refusedWith = (status: number) => expect.objectContaining({ name: 'ProblemError', status });

describe('DELETE /v1/profiles/{id}', () => {
  test('when the owner deletes, then the profile is gone from reads and lists, and a second delete finds nothing', async () => {
    const { client, id, handle } = await created('deleter');
    await client.deleteProfile(id);
    await expect(client.getProfile(id)).rejects.toEqual(refusedWith(404));
    expect((await client.listProfiles({ handlePrefix: handle })).items).toEqual([]);
    await expect(client.deleteProfile(id)).rejects.toEqual(refusedWith(404));
  });

  test('when another user deletes, then 403 and the profile stays', async () => {
    const { client, id } = await created('keeper');
    await expect((await svc.client('vandal')).deleteProfile(id)).rejects.toEqual(refusedWith(403));
    expect((await client.getProfile(id)).value.id).toBe(id);
  });

  test('when If-Match is stale, then 412; with the current ETag, it is deleted', async () => {
    const { client, id } = await created('careful');
    const { etag } = await client.updateProfile(id, { bio: 'changed' }, { ifMatch: '"1"' });
    await expect(client.deleteProfile(id, { ifMatch: '"1"' })).rejects.toEqual(refusedWith(412));
    await client.deleteProfile(id, { ifMatch: etag });
    await expect(client.getProfile(id)).rejects.toEqual(refusedWith(404));
  });
});

describe('POST /v1/profiles/{id}/restore', () => {
  test('when restored within the grace period, then it reads again at a new version', async () => {
    const { client: before, id } = await created('regretful');
    await before.deleteProfile(id);
    clock.advance(6 * 86_400_000);
    // Six days on, the owner comes back with a token of that day.
    const client = await svc.client('regretful');
    const restored = await client.restoreProfile(id);
    expect(restored).toMatchObject({ value: { version: 3 }, etag: '"3"' });
    expect((await client.getProfile(id)).value.version).toBe(3);
  });

  test('when restored after the grace period, then 409 restore-window-closed', async () => {
    const { client: before, id } = await created('too-late');
    await before.deleteProfile(id);
    clock.advance(8 * 86_400_000);
    const refusal: unknown = await (await svc.client('too-late')).restoreProfile(id).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect(refusal).toMatchObject({ status: 409, type: '/problems/restore-window-closed' });
  });

  test('when another user restores a deleted profile, then 404: it cannot tell that the profile exists', async () => {
    const { client, id } = await created('private-deleter');
    await client.deleteProfile(id);
    await expect((await svc.client('snoop')).restoreProfile(id)).rejects.toEqual(refusedWith(404));
  });

  test('when an admin restores, then it is back', async () => {
    const { client, id } = await created('helped');
    await client.deleteProfile(id);
    await (await svc.client('helper', ['admin'])).restoreProfile(id);
    expect((await client.getProfile(id)).value.id).toBe(id);
  });
});
