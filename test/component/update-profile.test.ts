// PATCH /v1/profiles/{id}: JSON Merge Patch with optimistic concurrency.
import { aCreateBody } from '../support/profile-builder.js';
import { startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

async function ownedProfile(subject: string): Promise<{ client: Client; id: string; path: string }> {
  const client = await svc.as(subject);
  const res = await client.post('/v1/profiles', aCreateBody());
  return { client, id: res.body.id, path: `/v1/profiles/${res.body.id}` };
}

describe('PATCH /v1/profiles/{id}', () => {
  test('when the owner patches with the current ETag, then 200 with the change and a new ETag', async () => {
    const { client, path } = await ownedProfile('patcher');
    const res = await client.patch(path, { displayName: 'Renamed', bio: 'New bio', website: 'https://example.org' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toMatchObject({ displayName: 'Renamed', bio: 'New bio', website: 'https://example.org/', version: 2 });
    expect((await client.get(path)).body.displayName).toBe('Renamed');
  });

  test('when a profile that readers have seen is patched, then the next read shows the change, not the copy read before', async () => {
    const { client, path } = await ownedProfile('read-then-patched');
    const reader = await svc.as('a-reader');
    await reader.get(path);
    await client.patch(path, { bio: 'changed after it was read' }, { 'If-Match': '"1"' });

    const read = await reader.get(path);

    expect({ bio: read.body.bio, etag: read.headers.get('etag') }).toEqual({ bio: 'changed after it was read', etag: '"2-public"' });
  });

  test('when a member is set to null, then it is removed (merge patch)', async () => {
    const { client, path } = await ownedProfile('nuller');
    await client.patch(path, { website: 'https://example.org' }, { 'If-Match': '"1"' });
    const res = await client.patch(path, { website: null }, { 'If-Match': '"2"' });
    expect(res.body.website).toBeNull();
  });

  test('when sent as application/json, then it is accepted too; as text/plain, 415 with Accept-Patch', async () => {
    const { client, path } = await ownedProfile('json-patcher');
    const json = await client.request('PATCH', path, { json: { bio: 'via json' }, headers: { 'If-Match': '"1"' } });
    expect(json.status).toBe(200);
    const text = await client.request('PATCH', path, { body: '{}', headers: { 'content-type': 'text/plain', 'If-Match': '"2"' } });
    expect(text.status).toBe(415);
    expect(text.headers.get('accept-patch')).toContain('application/merge-patch+json');
  });

  test('when If-Match is missing, then 428', async () => {
    const { client, path } = await ownedProfile('no-if-match');
    const res = await client.patch(path, { bio: 'x' });
    expect(res.status).toBe(428);
    expect(res.body.type).toBe('/problems/precondition-required');
  });

  test('when If-Match is stale, then 412 and nothing changes', async () => {
    const { client, path } = await ownedProfile('stale');
    await client.patch(path, { bio: 'first' }, { 'If-Match': '"1"' });
    const res = await client.patch(path, { bio: 'second' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(412);
    expect(res.body.detail).toBe('The profile changed: its current version is 2. Read it again and retry with its ETag.');
    expect((await client.get(path)).body.bio).toBe('first');
  });

  test('when If-Match is * or lists the current version among others, then it applies', async () => {
    const { client, path } = await ownedProfile('star');
    expect((await client.patch(path, { bio: 'a' }, { 'If-Match': '*' })).status).toBe(200);
    expect((await client.patch(path, { bio: 'b' }, { 'If-Match': '"7", "2"' })).status).toBe(200);
    expect((await client.patch(path, { bio: 'c' }, { 'If-Match': 'W/"3"' })).status).toBe(412);
  });

  test('when another user patches, then 403; an admin may', async () => {
    const { path } = await ownedProfile('victim');
    const intruder = await svc.as('intruder');
    expect((await intruder.patch(path, { bio: 'pwned' }, { 'If-Match': '*' })).status).toBe(403);
    const admin = await svc.as('an-admin', ['admin']);
    expect((await admin.patch(path, { bio: 'moderated' }, { 'If-Match': '"1"' })).status).toBe(200);
  });

  test('when members are invalid, read-only or unknown, then 422 naming each', async () => {
    const { client, path } = await ownedProfile('invalid-patch');
    const res = await client.patch(path, { handle: null, website: 'ftp://x', ownerId: 'me', avatar: {}, nick: 'n' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/ownerId', message: 'is read-only' },
        { pointer: '/avatar', message: 'is read-only' },
        { pointer: '/nick', message: 'is not a known member' },
      ]),
    );
    const content = await client.patch(path, { handle: null, website: 'ftp://x' }, { 'If-Match': '"1"' });
    expect(content.body.errors).toEqual([
      { pointer: '/handle', message: 'is required and cannot be removed' },
      { pointer: '/website', message: 'must be an absolute http or https URL' },
    ]);
  });

  test('when the new handle is taken, then 409', async () => {
    await (await svc.as('holder')).post('/v1/profiles', aCreateBody({ handle: 'wanted' }));
    const { client, path } = await ownedProfile('wanter');
    const res = await client.patch(path, { handle: 'Wanted' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].pointer).toBe('/handle');
  });

  test('when two patches race with the same If-Match, then one 200 and one 412', async () => {
    const { client, path } = await ownedProfile('racer');
    const results = await Promise.all([
      client.patch(path, { bio: 'one' }, { 'If-Match': '"1"' }),
      client.patch(path, { bio: 'two' }, { 'If-Match': '"1"' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
  });
});
