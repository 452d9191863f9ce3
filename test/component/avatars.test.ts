// PUT, GET and DELETE /v1/profiles/{id}/avatar, and the avatar.process task behind them.
import sharp from 'sharp';
import { aCreateBody } from '../support/profile-builder.js';
import { aJpegWithGps, aPng, aPngClaiming, hasGpsTag } from '../support/images.js';
import { startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ env: { OUTBOX_POLL_INTERVAL: '20ms', TASK_RETRY_BASE: '50ms' } });
});
afterAll(() => svc.stop());

async function ownProfile(subject: string): Promise<{ client: Client; path: string }> {
  const client = await svc.as(subject);
  const res = await client.post('/v1/profiles', aCreateBody());
  return { client, path: `/v1/profiles/${res.body.id}` };
}

describe('PUT /v1/profiles/{id}/avatar', () => {
  test('when the owner uploads a PNG, then 202 with a task that succeeds, and the three sizes are served as WebP', async () => {
    const { client, path } = await ownProfile('avatar-png');
    const res = await client.put(`${path}/avatar`, await aPng(), 'image/png');
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/tasks/${res.body.id}`);
    expect(res.body).toMatchObject({ type: 'avatar.process', status: 'queued' });

    const task = await client.settledTask(res.headers.get('location')!);
    expect(task).toMatchObject({ status: 'succeeded', attempts: 1, result: { sizes: [64, 256, 512] } });
    const profile = (await client.get(path)).body;
    expect(profile.avatar).toEqual({ status: 'ready', url: `${path}/avatar?v=1`, task: res.headers.get('location') });
    for (const size of [64, 256, 512]) {
      const image = await svc.anonymous().get(`${profile.avatar.url}&size=${size}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/webp');
      expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: 'webp', width: size, height: size });
    }
  });

  test('when the image is sent as a multipart field "image", then it is processed the same way', async () => {
    const { client, path } = await ownProfile('avatar-multipart');
    const form = new FormData();
    form.append('image', new Blob([await aPng(64, 64)], { type: 'image/png' }), 'me.png');
    const res = await client.request('PUT', `${path}/avatar`, { body: form });
    expect(res.status).toBe(202);
    expect((await client.settledTask(res.headers.get('location')!)).status).toBe('succeeded');
  });

  test('when a JPEG carries EXIF with a GPS position, then the renditions carry no metadata at all', async () => {
    const { client, path } = await ownProfile('avatar-gps');
    const jpeg = await aJpegWithGps();
    expect(hasGpsTag((await sharp(jpeg).metadata()).exif)).toBe(true);
    const res = await client.put(`${path}/avatar`, jpeg, 'image/jpeg');
    await client.settledTask(res.headers.get('location')!);

    const image = await svc.anonymous().get(`${path}/avatar?size=512`);
    const metadata = await sharp(image.bytes).metadata();
    expect([metadata.exif, metadata.xmp, metadata.iptc, metadata.icc]).toEqual([undefined, undefined, undefined, undefined]);
    expect(image.bytes.includes(Buffer.from('Alice'))).toBe(false);
  });

  test('when a text file is sent as image/png, then 415 and the profile keeps no avatar', async () => {
    const { client, path } = await ownProfile('avatar-text');
    const res = await client.put(`${path}/avatar`, Buffer.from('just some text, honestly'), 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.type).toBe('/problems/unsupported-image-type');
    expect((await client.get(path)).body.avatar).toBeNull();
  });

  test('when the upload is 6 MiB, then 413', async () => {
    const { client, path } = await ownProfile('avatar-huge');
    const bytes = Buffer.concat([await aPng(), Buffer.alloc(6 * 1024 * 1024)]);
    const res = await client.put(`${path}/avatar`, bytes, 'image/png');
    expect(res.status).toBe(413);
  });

  test('when a PNG claims 20000x20000 pixels, then 422 from its header alone, without decoding a pixel', async () => {
    const { client, path } = await ownProfile('avatar-bomb');
    // Its pixel data is four bytes: decoding it could only fail, so the answer must come from the header.
    const res = await client.put(`${path}/avatar`, aPngClaiming(20_000, 20_000), 'image/png');
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/image-too-large');
    expect(res.body.detail).toContain('20000x20000');
  });

  test('when the header is fine but the pixels cannot be decoded, then the task ends dead and the avatar failed', async () => {
    const { client, path } = await ownProfile('avatar-corrupt');
    const res = await client.put(`${path}/avatar`, aPngClaiming(100, 100), 'image/png');
    expect(res.status).toBe(202);
    const task = await client.settledTask(res.headers.get('location')!);
    expect(task).toMatchObject({ status: 'dead', attempts: 1 });
    // What the uploader can act on, not the image library's own words ("vipspng: libpng read error").
    expect(task.lastError).toContain('corrupt or incomplete');
    expect(task.lastError).not.toMatch(/vips|png|jpeg/i);
    expect((await client.get(path)).body.avatar).toEqual({ status: 'failed', url: null, task: res.headers.get('location') });
    expect((await svc.anonymous().get(`${path}/avatar`)).status).toBe(404);

    // An admin's retry gives the dead task a fresh attempt: it runs again (and dies again, the image being what it is).
    const admin = await svc.as('avatar-ops', ['admin']);
    const retried = await admin.post(`${res.headers.get('location')!}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    const again = await admin.settledTask(res.headers.get('location')!);
    expect(again).toMatchObject({ status: 'dead', attempts: 1 });
    expect(Date.parse(again.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));
  });

  test('when someone else uploads, then 403; without a token, 401', async () => {
    const { path } = await ownProfile('avatar-victim');
    const png = await aPng(32, 32);
    expect((await (await svc.as('avatar-intruder')).put(`${path}/avatar`, png, 'image/png')).status).toBe(403);
    expect((await svc.anonymous().put(`${path}/avatar`, png, 'image/png')).status).toBe(401);
  });

  test('when a stranger or a missing profile is sent a body that is no image, then 403 or 404: access is decided before the body is read', async () => {
    const { path } = await ownProfile('avatar-guarded');
    const text = Buffer.from('not an image at all');
    expect((await (await svc.as('avatar-stranger')).put(`${path}/avatar`, text, 'image/png')).status).toBe(403);
    const owner = await svc.as('avatar-nobody');
    expect((await owner.put('/v1/profiles/00000000-0000-4000-8000-000000000000/avatar', text, 'image/png')).status).toBe(404);
  });

  test('when the owner uploads four images at once without If-Match, then each is accepted (no 412) and the versions are 2 to 5', async () => {
    const { client, path } = await ownProfile('avatar-burst');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const png = await aPng(40, 40);

    const replies = await Promise.all([1, 2, 3, 4].map(() => client.put(`${path}/avatar`, png, 'image/png')));

    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const tasks = await Promise.all(replies.map((r) => client.settledTask(r.headers.get('location')!)));
    expect(tasks.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const avatar = (await client.get(path)).body.avatar;
    expect(avatar).toMatchObject({ status: 'ready', url: `${path}/avatar?v=5` });
  });
});

describe('avatar versions', () => {
  test('when the avatar is removed and another image uploaded, then its URL names a new version; the old one is 404 and its ETag no longer matches', async () => {
    const { client, path } = await ownProfile('avatar-reupload');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const firstUrl = (await client.get(path)).body.avatar.url as string;
    const first = await svc.anonymous().get(firstUrl);
    expect((await client.delete(`${path}/avatar`)).status).toBe(204);

    await client.settledTask((await client.put(`${path}/avatar`, await aJpegWithGps(), 'image/jpeg')).headers.get('location')!);
    const secondUrl = (await client.get(path)).body.avatar.url as string;
    const second = await svc.anonymous().get(secondUrl);

    expect(secondUrl).not.toBe(firstUrl);
    expect(second.status).toBe(200);
    expect(second.bytes.equals(first.bytes)).toBe(false);
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect((await svc.anonymous().get(firstUrl)).status).toBe(404);
    // A client holding the first image's ETag gets the new bytes, not 304.
    expect((await svc.anonymous().get(`${path}/avatar`, { 'If-None-Match': first.headers.get('etag')! })).status).toBe(200);
  });

  test('when a version the service does not hold is asked for, then 404; a malformed one is 400', async () => {
    const { client, path } = await ownProfile('avatar-unknown-v');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    expect((await svc.anonymous().get(`${path}/avatar?v=1`)).status).toBe(200);
    expect((await svc.anonymous().get(`${path}/avatar?v=7`)).status).toBe(404);
    expect((await svc.anonymous().get(`${path}/avatar?v=one`)).status).toBe(400);
  });

  test('when asked without a version, then the shown avatar is served for revalidation (no-cache) with its ETag', async () => {
    const { client, path } = await ownProfile('avatar-no-v');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const image = await svc.anonymous().get(`${path}/avatar`);
    expect(image.status).toBe(200);
    expect(image.headers.get('cache-control')).toBe('no-cache');
    expect(image.headers.get('etag')).toBe(`"1-256"`);
    expect((await svc.anonymous().get(`${path}/avatar`, { 'If-None-Match': '"1-256"' })).status).toBe(304);
  });

  test('when a newer upload is corrupt, then its task dies, the avatar says failed, and the last ready image is still served', async () => {
    const { client, path } = await ownProfile('avatar-keep-good');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const good = await svc.anonymous().get(`${path}/avatar?v=1`);

    // The first 100 bytes of a PNG: its header reads fine, its pixels do not.
    const broken = await client.put(`${path}/avatar`, (await aPng()).subarray(0, 100), 'image/png');
    expect(broken.status).toBe(202);
    expect(await client.settledTask(broken.headers.get('location')!)).toMatchObject({ status: 'dead' });

    expect((await client.get(path)).body.avatar).toEqual({
      status: 'failed',
      url: `${path}/avatar?v=1`,
      task: broken.headers.get('location'),
    });
    const still = await svc.anonymous().get(`${path}/avatar?v=1`);
    expect(still.status).toBe(200);
    expect(still.bytes.equals(good.bytes)).toBe(true);
    expect((await svc.anonymous().get(`${path}/avatar?v=2`)).status).toBe(404);
  });

  test('when someone other than the owner reads the profile, then the avatar shows no task', async () => {
    const { client, path } = await ownProfile('avatar-public-view');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    expect((await (await svc.as('avatar-reader')).get(path)).body.avatar).toEqual({ status: 'ready', url: `${path}/avatar?v=1` });
  });
});

describe('GET and DELETE /v1/profiles/{id}/avatar', () => {
  test('when the ETag is sent back, then 304; an unknown size is 400; a profile without avatar is 404', async () => {
    const { client, path } = await ownProfile('avatar-etag');
    expect((await svc.anonymous().get(`${path}/avatar`)).status).toBe(404);
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const first = await svc.anonymous().get(`${path}/avatar?size=64`);
    const again = await svc.anonymous().get(`${path}/avatar?size=64`, { 'If-None-Match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect((await svc.anonymous().get(`${path}/avatar?size=100`)).status).toBe(400);
  });

  test('when the owner deletes the avatar, then 204, the images are gone and the profile shows none', async () => {
    const { client, path } = await ownProfile('avatar-remove');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    expect((await client.delete(`${path}/avatar`)).status).toBe(204);
    expect((await svc.anonymous().get(`${path}/avatar`)).status).toBe(404);
    expect((await client.get(path)).body.avatar).toBeNull();
  });
});

describe('GET /v1/tasks/{id}', () => {
  test('when another user asks for a task, then 404; an admin sees it', async () => {
    const { client, path } = await ownProfile('task-owner');
    const location = (await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!;
    expect((await (await svc.as('task-snoop')).get(location)).status).toBe(404);
    expect((await (await svc.as('task-admin', ['admin'])).get(location)).status).toBe(200);
    expect((await client.get('/v1/tasks/not-a-uuid')).status).toBe(404);
  });

  test('when a task is not dead, then retrying it is 409; a user may not retry at all (403)', async () => {
    const { client, path } = await ownProfile('task-retry-owner');
    const location = (await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!;
    await client.settledTask(location);
    expect((await (await svc.as('task-retry-admin', ['admin'])).post(`${location}/retry`)).status).toBe(409);
    expect((await client.post(`${location}/retry`)).status).toBe(403);
  });
});

describe('task metrics', () => {
  test('when tasks have run, then /metrics counts attempts by type and outcome, their duration, and the outbox backlog', async () => {
    const { client, path } = await ownProfile('avatar-metrics');
    await client.settledTask((await client.put(`${path}/avatar`, await aPng(), 'image/png')).headers.get('location')!);
    const metrics = (await svc.anonymous().get('/metrics')).text;
    expect(metrics).toMatch(/^task_attempts_total\{type="avatar.process",outcome="succeeded",component="api"\} [1-9]/m);
    expect(metrics).toMatch(/^task_duration_seconds_count\{component="api",type="avatar.process"\} [1-9]/m);
    expect(metrics).toMatch(/^outbox_backlog{component="api"} 0$/m);
  });
});
