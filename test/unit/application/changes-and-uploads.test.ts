// The one door for changes (ProfileChanges) under races, and an avatar upload's checks before
// anything is stored: the image's type from its bytes, its header, its size in pixels.
import { UploadAvatar } from '../../../src/application/avatars/upload-avatar.js';
import { ProfileChanges } from '../../../src/application/profile-changes.js';
import {
  ForbiddenError,
  InvalidImageError,
  ProfileNotFoundError,
  UnsupportedImageTypeError,
  VersionMismatchError,
} from '../../../src/domain/errors.js';
import type { ImageInfo, ImageProcessor } from '../../../src/domain/ports/image-processor.js';
import type { TransactionScope, UnitOfWork, UnitOfWorkOptions } from '../../../src/domain/ports/unit-of-work.js';
import { core, MAX_ATTEMPTS, user, type Core } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';

/** A unit of work whose next `races` saves lose to another writer, as a concurrent PATCH would make them. */
class RacingUnitOfWork implements UnitOfWork {
  races = 0;
  saves = 0;
  readonly options: UnitOfWorkOptions[] = [];
  constructor(private readonly inner: UnitOfWork) {}
  run<T>(work: (scope: TransactionScope) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    this.options.push(options);
    return this.inner.run(
      (scope) =>
        work({
          ...scope,
          profiles: Object.assign(Object.create(scope.profiles) as TransactionScope['profiles'], {
            save: async (...args: Parameters<TransactionScope['profiles']['save']>) => {
              this.saves++;
              if (this.races > 0) {
                this.races--;
                throw new VersionMismatchError(args[1] + 1);
              }
              return scope.profiles.save(...args);
            },
          }),
        }),
      options,
    );
  }
}

async function racing(races: number) {
  const c = core();
  const uow = new RacingUnitOfWork(c.uow);
  uow.races = races;
  const { profile } = await c.create.execute(user('owner'), aCreateBody());
  return { c, uow, changes: new ProfileChanges(uow, c.cache, c.clock, c.ids), id: profile.id };
}

const rename = (name: string) => (current: Parameters<Parameters<ProfileChanges['apply']>[1]>[0], now: Date) => ({
  next: current.patch({ displayName: name }, now),
  value: undefined,
});

describe('ProfileChanges', () => {
  test('when a change without a precondition loses a race, then it is applied again on the newer version', async () => {
    const { changes, uow, id } = await racing(2);
    const { next } = await changes.apply({ actor: user('owner'), profileId: id }, rename('After races'));
    expect({ name: next.displayName.value, saves: uow.saves }).toEqual({ name: 'After races', saves: 3 });
  });

  test('when it keeps losing, then it gives up after five rounds with the mismatch', async () => {
    const { changes, uow, id } = await racing(100);
    await expect(changes.apply({ actor: user('owner'), profileId: id }, rename('Never'))).rejects.toBeInstanceOf(VersionMismatchError);
    expect(uow.saves).toBe(5);
  });

  test('when the client named the version it meant (If-Match), then a lost race is a mismatch at once', async () => {
    const { changes, uow, id } = await racing(1);
    await expect(changes.apply({ actor: user('owner'), profileId: id, expected: [1] }, rename('Mine'))).rejects.toBeInstanceOf(
      VersionMismatchError,
    );
    expect(uow.saves).toBe(1);
  });

  test('when a change changes nothing, then nothing is saved and the version stays', async () => {
    const { changes, uow, id, c } = await racing(0);
    const { next } = await changes.apply({ actor: user('owner'), profileId: id }, (current) => ({ next: current, value: undefined }));
    expect({ version: next.version, saves: uow.saves }).toEqual({ version: 1, saves: 0 });
    expect((await c.get.execute(user('owner'), id)).profile.version).toBe(1);
  });

  test('when a change stores a file, then its unit of work is told the size', async () => {
    const { changes, uow, id } = await racing(0);
    await changes.apply({ actor: 'service', profileId: id, payloadBytes: 4096 }, rename('With a file'));
    await changes.apply({ actor: 'service', profileId: id }, rename('Without'));
    expect(uow.options).toEqual([{ payloadBytes: 4096 }, { payloadBytes: 0 }]);
  });

  test('when access is checked ahead (before a large upload), then the same answers as the change would give', async () => {
    const { changes, id } = await racing(0);
    await expect(changes.check({ actor: user('owner'), profileId: id })).resolves.toBeUndefined();
    await expect(changes.check({ actor: user('mallory'), profileId: id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changes.check({ actor: user('owner'), profileId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(
      ProfileNotFoundError,
    );
  });
});

describe('UploadAvatar', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

  function uploads(c: Core, info: ImageInfo | null) {
    const images: ImageProcessor = { inspect: () => Promise.resolve(info), renderAvatar: () => Promise.reject(new Error('not here')) };
    return new UploadAvatar(c.changes, images, c.ids, MAX_ATTEMPTS);
  }

  async function owned(c: Core) {
    return (await c.create.execute(user('owner'), aCreateBody())).profile.id;
  }

  test('when the bytes are no image format it knows, then unsupported, whatever the header reader says', async () => {
    const c = core();
    const id = await owned(c);
    await expect(
      uploads(c, { format: 'png', width: 10, height: 10 }).execute(user('owner'), id, new TextEncoder().encode('GIF89a...')),
    ).rejects.toBeInstanceOf(UnsupportedImageTypeError);
  });

  test('when the header cannot be read, then invalid, saying so', async () => {
    const c = core();
    const id = await owned(c);
    const refused = uploads(c, null).execute(user('owner'), id, PNG);
    await expect(refused).rejects.toBeInstanceOf(InvalidImageError);
    await expect(refused).rejects.toMatchObject({ code: 'image_unreadable', message: 'The image header cannot be read.' });
  });

  test.each([
    [4097, 10],
    [10, 4097],
  ])('when the image is %ix%i pixels, then too large, saying its size and the limit', async (width, height) => {
    const c = core();
    const id = await owned(c);
    const refused = uploads(c, { format: 'png', width, height }).execute(user('owner'), id, PNG);
    await expect(refused).rejects.toMatchObject({
      code: 'image_too_large',
      message: `The image is ${width}x${height} pixels; at most 4096x4096 is accepted.`,
    });
  });

  test('when it is 4096x4096, then accepted: a task processes it and the profile says so', async () => {
    const c = core();
    const id = await owned(c);
    const task = await uploads(c, { format: 'png', width: 4096, height: 4096 }).execute(user('owner'), id, PNG);
    expect({ type: task.type, payload: task.payload, max: task.maxAttempts, by: task.requestedBy }).toEqual({
      type: 'avatar.process',
      payload: { profileId: id, avatarVersion: 1 },
      max: MAX_ATTEMPTS,
      by: 'owner',
    });
    expect((await c.get.execute(user('owner'), id)).profile.avatar).toMatchObject({ status: 'processing', version: 1, taskId: task.id });
    expect(await c.tasks.input(task.id)).toEqual(PNG);
  });

  test('when another user uploads, then Forbidden, and authorize says so before the body is read', async () => {
    const c = core();
    const id = await owned(c);
    const upload = uploads(c, { format: 'png', width: 10, height: 10 });
    await expect(upload.authorize(user('mallory'), id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(upload.execute(user('mallory'), id, PNG)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
