// What processing an uploaded avatar leaves behind in each case: shown, superseded by a newer
// upload, dead because the image is bad or gone, or nothing at all when the profile was purged.
import { ProcessAvatar } from '../../../src/application/avatars/process-avatar.js';
import { UploadAvatar } from '../../../src/application/avatars/upload-avatar.js';
import { PermanentTaskFailure } from '../../../src/application/tasks/task-work.js';
import { InvalidImageError } from '../../../src/domain/errors.js';
import type { AvatarImage } from '../../../src/domain/ports/avatar-store.js';
import type { ImageProcessor } from '../../../src/domain/ports/image-processor.js';
import type { Task } from '../../../src/domain/task/task.js';
import { core, MAX_ATTEMPTS, user } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);

class Images implements ImageProcessor {
  failure: Error | null = null;
  inspect = () => Promise.resolve({ format: 'png' as const, width: 100, height: 100 });
  renderAvatar(_bytes: Uint8Array, sizes: readonly number[]): Promise<AvatarImage[]> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(sizes.map((size) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([size % 251]) })));
  }
}

async function setUp() {
  const c = core();
  const images = new Images();
  const upload = new UploadAvatar(c.changes, images, c.ids, MAX_ATTEMPTS);
  const processing = new ProcessAvatar(c.changes, c.tasks, c.avatars, images);
  const id = (await c.create.execute(user('owner'), aCreateBody())).profile.id;
  const uploaded = () => upload.execute(user('owner'), id, PNG);
  const avatar = async () => (await c.profiles.findById(id))?.avatar ?? null;
  return { c, images, processing, id, uploaded, avatar };
}

const versionOf = (task: Task) => (task.payload as { avatarVersion: number }).avatarVersion;

test('when an upload is processed, then its renditions are stored and it is the avatar shown', async () => {
  const { c, processing, id, uploaded, avatar } = await setUp();
  const task = await uploaded();
  expect(await processing.run(task)).toEqual({ sizes: [64, 256, 512] });
  expect(await avatar()).toMatchObject({ status: 'ready', version: 1, readyVersion: 1 });
  expect(await c.getAvatar.execute(id, 512, 1)).toMatchObject({ version: 1 });
});

test('when a newer upload replaces it, then the older renditions go once the newer is shown', async () => {
  const { c, processing, id, uploaded } = await setUp();
  await processing.run(await uploaded());
  await processing.run(await uploaded());
  expect(await c.avatars.get(id, 1, 64)).toBeNull();
  expect(await c.avatars.get(id, 2, 64)).not.toBeNull();
});

test('when a newer upload came while this one was processing, then this one is superseded and its renditions removed', async () => {
  const { c, processing, id, uploaded, avatar } = await setUp();
  const first = await uploaded();
  const second = await uploaded();
  expect(await processing.run(first)).toEqual({ superseded: true });
  expect(await c.avatars.get(id, versionOf(first), 64)).toBeNull();
  expect(await avatar()).toMatchObject({ status: 'processing', version: versionOf(second), readyVersion: null });
});

test('when the stored upload is gone, then the task fails for good, saying so', async () => {
  const { c, processing, uploaded } = await setUp();
  const task = await uploaded();
  Object.assign(c.tasks, { input: () => Promise.resolve(null) });
  const run = processing.run(task);
  await expect(run).rejects.toBeInstanceOf(PermanentTaskFailure);
  await expect(run).rejects.toThrow('The uploaded image is no longer stored.');
});

test('when the image cannot be decoded, then the task fails for good with the reason; any other error may heal and is rethrown', async () => {
  const { images, processing, uploaded } = await setUp();
  const task = await uploaded();
  images.failure = new InvalidImageError('image_unreadable', 'The image data is corrupt.');
  await expect(processing.run(task)).rejects.toEqual(new PermanentTaskFailure('The image data is corrupt.'));
  images.failure = new Error('ENOSPC');
  const run = processing.run(task);
  await expect(run).rejects.not.toBeInstanceOf(PermanentTaskFailure);
  await expect(run).rejects.toThrow('ENOSPC');
});

test('when the task dies, then the upload is marked failed and the avatar shown stays', async () => {
  const { processing, uploaded, avatar } = await setUp();
  await processing.run(await uploaded());
  const failing = await uploaded();
  await processing.onDead(failing);
  expect(await avatar()).toMatchObject({ status: 'failed', version: 2, readyVersion: 1 });
});

test('when the profile was purged meanwhile, then processing and its death record nothing and do not fail', async () => {
  const { c, processing, id, uploaded } = await setUp();
  const task = await uploaded();
  await c.remove.execute(user('owner'), id);
  await c.profiles.remove(id, (await c.profiles.findById(id))!.version);
  expect(await processing.run(task)).toEqual({ superseded: true });
  await expect(processing.onDead(task)).resolves.toBeUndefined();
  expect(await c.avatars.get(id, versionOf(task), 64)).toBeNull();
});
