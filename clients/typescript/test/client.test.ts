// The client against the real service (started in this process on the in-memory drivers, over
// real HTTP): every call goes through the generated types, openapi-fetch and the network.
import { ProblemError, ProfileClient, TaskTimeoutError, createProfileClient, type CreateProfile, type Profile } from '../src/index.js';
import { aPng } from '../../../test/support/images.js';
import { startTestService, type TestService } from '../../../test/support/test-service.js';

let svc: TestService;
let made = 0;
/** A create body with a handle and e-mail of its own. */
const aCreateBody = (overrides: Partial<CreateProfile> = {}): CreateProfile => {
  const n = ++made;
  return { handle: `client_${n}`, email: `client${n}@example.com`, displayName: `Client ${n}`, ...overrides };
};
const clientAs = async (subject: string, roles: ('user' | 'admin')[] = ['user'], options: { retry?: false } = {}) =>
  createProfileClient({ baseUrl: svc.url, token: await svc.token(subject, roles), ...options });

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

describe('profiles', () => {
  test('when a profile is created and read, then both answers are typed documents with the ETag of their version', async () => {
    const alice = await clientAs('client-alice');
    const created = await alice.createProfile({ handle: 'client_alice', email: 'client.alice@example.com', displayName: 'Alice' });
    expect(created.value).toMatchObject({ handle: 'client_alice', email: 'client.alice@example.com', version: 1 });
    expect(created.etag).toBe('"1"');
    const read = await alice.getProfile(created.value.id);
    expect(read).toEqual(created);
  });

  test('when a create is sent twice under one Idempotency-Key, then one profile exists and both answers are the same', async () => {
    const bob = await clientAs('client-bob');
    const body = { handle: 'client_bob', email: 'client.bob@example.com', displayName: 'Bob' };
    const first = await bob.createProfile(body, { idempotencyKey: 'client-test-key-1' });
    const again = await bob.createProfile(body, { idempotencyKey: 'client-test-key-1' });
    expect(again.value.id).toBe(first.value.id);
    expect((await bob.listProfiles({ handlePrefix: 'client_bob' })).items.map((p) => p.id)).toEqual([first.value.id]);
  });

  test('when updating with the ETag read, then it applies; with a stale one, then a typed 412 ProblemError', async () => {
    const carol = await clientAs('client-carol');
    const { value, etag } = await carol.createProfile(aCreateBody());
    const updated = await carol.updateProfile(value.id, { bio: 'first' }, { ifMatch: etag });
    expect(updated).toMatchObject({ value: { bio: 'first', version: 2 }, etag: '"2"' });
    const stale = await carol.updateProfile(value.id, { bio: 'second' }, { ifMatch: etag }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ProblemError);
    expect(stale).toMatchObject({ status: 412, title: 'Precondition Failed' });
  });

  test('when another change lands between the read and the patch, then modifyProfile reads again and applies to the newer version', async () => {
    const dave = await clientAs('client-dave');
    const admin = await clientAs('client-admin', ['admin']);
    const { value } = await dave.createProfile(aCreateBody({ bio: 'a' }));
    const seen: number[] = [];
    const modified = await dave.modifyProfile(value.id, async (current: Profile) => {
      seen.push(current.version);
      // The first time, someone else changes the profile after it was read: the patch gets 412.
      if (seen.length === 1) await admin.updateProfile(value.id, { location: 'Elsewhere' }, { ifMatch: '*' });
      return { bio: `${current.bio}+` };
    });
    expect(seen).toEqual([1, 2]);
    expect(modified.value).toMatchObject({ bio: 'a+', location: 'Elsewhere', version: 3 });
  });

  test('when a body breaks the rules, then a 422 ProblemError names each member at fault', async () => {
    const erin = await clientAs('client-erin');
    const error = await erin.createProfile({ handle: '1x', email: 'nope', displayName: 'Erin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    const problem = error as ProblemError;
    expect(problem.status).toBe(422);
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(['/email', '/handle']);
    expect(problem.requestId).toMatch(/./);
  });

  test('when deleted and restored, then reads say 404 in between and the profile is back after', async () => {
    const fay = await clientAs('client-fay');
    const { value } = await fay.createProfile(aCreateBody());
    await fay.deleteProfile(value.id);
    await expect(fay.getProfile(value.id)).rejects.toMatchObject({ status: 404 });
    expect((await fay.restoreProfile(value.id)).value.id).toBe(value.id);
  });
});

describe('search, batch and list', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (const [handle, displayName] of [
      ['zoe_client', 'Zoe Quartermaine'],
      ['zoey_client', 'Zoey Q'],
      ['yann_client', 'Yann Quartz'],
    ]) {
      ids.push((await (await clientAs(`owner-${handle}`)).createProfile(aCreateBody({ handle, displayName }))).value.id);
    }
  });

  test('when searching, then typed pages, best first, and a malformed text is a ProblemError naming q', async () => {
    const reader = await clientAs('client-reader');
    expect((await reader.searchProfiles('zoe_client')).items[0]?.handle).toBe('zoe_client');
    expect((await reader.searchProfiles('quart', { limit: 5 })).items.map((p) => p.handle).sort()).toEqual(['yann_client', 'zoe_client']);
    const error = await reader.searchProfiles('z').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, errors: [{ parameter: 'q', message: 'must be at least 2 characters long' }] });
  });

  test('when a batch is read, then items in the order asked and the unknown ids missing', async () => {
    const reader = await clientAs('client-reader');
    const unknown = '0190b6a2-0000-7000-8000-00000000abcd';
    const batch = await reader.getProfiles([ids[2]!, unknown, ids[0]!]);
    expect(batch.items.map((p) => p.id)).toEqual([ids[2], ids[0]]);
    expect(batch.missing).toEqual([unknown]);
  });

  test('when listing by a handle prefix, then pages follow nextCursor', async () => {
    const reader = await clientAs('client-reader');
    const first = await reader.listProfiles({ handlePrefix: 'z', limit: 1 });
    const second = await reader.listProfiles({ handlePrefix: 'z', limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((p) => p.handle)).toEqual(['zoe_client', 'zoey_client']);
  });
});

describe('avatars and tasks', () => {
  test('when an avatar is uploaded from a Buffer, then waitForTask answers the task once it succeeded and the profile shows it', async () => {
    const gil = await clientAs('client-gil');
    const { value } = await gil.createProfile(aCreateBody());
    const task = await gil.uploadAvatar(value.id, await aPng(), 'image/png');
    expect(task.type).toBe('avatar.process');
    const settled = await gil.waitForTask(task.id, { timeoutMs: 15_000 });
    expect(settled.status).toBe('succeeded');
    const { avatar } = (await gil.getProfile(value.id)).value;
    expect(avatar).toMatchObject({ status: 'ready' });
    const version = Number(new URL(avatar!.url!, svc.url).searchParams.get('v'));
    const image = await gil.getAvatar(value.id, { size: 64, version });
    expect(image.contentType).toBe('image/webp');
    // A WebP file: RIFF....WEBP
    expect(new TextDecoder().decode(image.bytes.slice(8, 12))).toBe('WEBP');
    await expect(gil.getAvatar(value.id, { version: version + 1 })).rejects.toMatchObject({ status: 404 });
  });

  test('when an avatar is uploaded from a Blob, then it is sent under its own type and processed', async () => {
    const hal = await clientAs('client-hal');
    const { value } = await hal.createProfile(aCreateBody());
    const task = await hal.uploadAvatar(value.id, new Blob([await aPng()], { type: 'image/png' }));
    expect((await hal.waitForTask(task.id, { timeoutMs: 15_000 })).status).toBe('succeeded');
  });

  test('when a task does not settle in time, then TaskTimeoutError carries it as last seen', async () => {
    // No worker runs in this service: its tasks stay queued.
    const idle = await startTestService({ env: { WORKER_ENABLED: 'false' } });
    try {
      const admin = createProfileClient({ baseUrl: idle.url, token: await idle.token('client-admin', ['admin']) });
      const task = await admin.importProfiles(`${JSON.stringify({ ownerId: 'imported-1', ...aCreateBody() })}\n`);
      const error = await admin.waitForTask(task.id, { timeoutMs: 300, intervalMs: 50 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaskTimeoutError);
      expect((error as TaskTimeoutError).task).toMatchObject({ id: task.id, status: 'queued' });
    } finally {
      await idle.stop();
    }
  });
});

test('when asked for its health, then the service answers the Health document with each dependency', async () => {
  const health = await createProfileClient({ baseUrl: svc.url }).health();
  expect(health.status).toBe('up');
  expect(Object.keys(health.checks)).toEqual(expect.arrayContaining(['database']));
});

describe('retries', () => {
  let limited: TestService;
  beforeAll(async () => {
    // One write and one upload per second per principal: the second at once is a 429 with Retry-After: 1.
    limited = await startTestService({
      env: { RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_WRITES: '1', RATE_LIMIT_UPLOADS: '1', RATE_LIMIT_READS: '1' },
    });
  });
  afterAll(() => limited.stop());
  const limitedClient = async (subject: string, roles: ('user' | 'admin')[] = ['user'], retry?: false): Promise<ProfileClient> =>
    new ProfileClient({ baseUrl: limited.url, token: await limited.token(subject, roles), ...(retry === false ? { retry } : {}) });

  test('when a read is refused with 429, then the client waits the Retry-After and succeeds', async () => {
    const reader = await limitedClient('retry-reader');
    await reader.listProfiles();
    const started = Date.now();
    await expect(reader.listProfiles()).resolves.toHaveProperty('items');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  test('when a create is refused with 429, then it is sent again under the same Idempotency-Key and succeeds', async () => {
    const writer = await limitedClient('retry-writer', ['admin']);
    await writer.createProfile(aCreateBody({ ownerId: 'retry-owner-1' }));
    const second = await writer.createProfile(aCreateBody({ ownerId: 'retry-owner-2' }));
    expect(second.value.ownerId).toBe('retry-owner-2');
  });

  test('when a request without an Idempotency-Key is refused with 429, then it is not sent again: a ProblemError says when to retry', async () => {
    const admin = await limitedClient('retry-importer', ['admin']);
    const line = (n: number) => `${JSON.stringify({ ownerId: `retry-import-${n}`, ...aCreateBody() })}\n`;
    await admin.importProfiles(line(1));
    const error = await admin.importProfiles(line(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 1 });
  });

  test('when retries are off, then a 429 is a ProblemError at once', async () => {
    const reader = await limitedClient('retry-off', ['user'], false);
    await reader.listProfiles();
    await expect(reader.listProfiles()).rejects.toMatchObject({ status: 429 });
  });
});
