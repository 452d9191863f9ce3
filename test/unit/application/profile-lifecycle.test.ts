// A profile's life through the use cases, on the in-memory adapters with a manual clock:
// created, read, listed, changed, deleted, restored, and who may do each.
import {
  ForbiddenError,
  ProfileNotFoundError,
  RestoreWindowClosedError,
  UniquenessConflictError,
  VersionMismatchError,
} from '../../../src/domain/errors.js';
import { admin, core, DAY, GRACE_MS, user, type Core } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';

async function ownedBy(c: Core, subject: string, overrides: Record<string, unknown> = {}) {
  return (await c.create.execute(user(subject), aCreateBody(overrides))).profile;
}

describe('CreateProfile', () => {
  test('when a user creates a profile, then it is theirs, at version 1, and they see it in full', async () => {
    const c = core();
    const view = await c.create.execute(user('alice'), aCreateBody({ handle: 'alice' }));
    expect({
      owner: view.profile.ownerId,
      version: view.profile.version,
      visibility: view.visibility,
      handle: view.profile.handle.value,
    }).toEqual({ owner: 'alice', version: 1, visibility: 'full', handle: 'alice' });
  });

  test('when a user creates one for someone else, then Forbidden', async () => {
    const c = core();
    await expect(c.create.execute(user('mallory'), aCreateBody({ ownerId: 'alice' }))).rejects.toBeInstanceOf(ForbiddenError);
  });

  test('when an admin creates one for someone else, then it is theirs', async () => {
    const c = core();
    const view = await c.create.execute(admin(), aCreateBody({ ownerId: 'alice' }));
    expect(view.profile.ownerId).toBe('alice');
  });

  test('when an id was looked up and found absent, then creating it makes it readable at once', async () => {
    const c = core();
    const id = c.ids.next();
    Object.assign(c.ids, { next: () => id });
    await expect(c.get.execute(user('bob'), id)).rejects.toBeInstanceOf(ProfileNotFoundError);
    await c.create.execute(user('bob'), aCreateBody());
    expect((await c.get.execute(user('bob'), id)).profile.id).toBe(id);
  });

  test('when the handle is taken, then a conflict naming the handle', async () => {
    const c = core();
    await ownedBy(c, 'first', { handle: 'taken' });
    const conflict = c.create.execute(user('second'), aCreateBody({ handle: 'taken' }));
    await expect(conflict).rejects.toBeInstanceOf(UniquenessConflictError);
    await expect(conflict).rejects.toMatchObject({ pointer: '/handle' });
  });
});

describe('GetProfile', () => {
  test('when another user reads a profile, then the public view; the owner and admins get the full one', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    const views = await Promise.all([user('stranger'), user('owner'), admin()].map((p) => c.get.execute(p, profile.id)));
    expect(views.map((v) => v.visibility)).toEqual(['public', 'full', 'full']);
  });
});

describe('ListProfiles', () => {
  async function listed(c: Core, query: { limit: number; afterHandle?: string; handlePrefix?: string }) {
    const page = await c.list.execute(user('viewer'), query);
    return { handles: page.items.map((v) => v.profile.handle.value), next: page.nextAfterHandle };
  }

  test('when there are more profiles than the limit, then a page of that many in handle order, and where to go on', async () => {
    const c = core();
    for (const handle of ['delta', 'alpha', 'charlie', 'bravo', 'echo']) await ownedBy(c, `owner-${handle}`, { handle });
    expect(await listed(c, { limit: 2 })).toEqual({ handles: ['alpha', 'bravo'], next: 'bravo' });
    expect(await listed(c, { limit: 2, afterHandle: 'bravo' })).toEqual({ handles: ['charlie', 'delta'], next: 'delta' });
    expect(await listed(c, { limit: 2, afterHandle: 'delta' })).toEqual({ handles: ['echo'], next: null });
  });

  test('when exactly the limit remain, then no next page is promised', async () => {
    const c = core();
    for (const handle of ['one', 'two']) await ownedBy(c, `owner-${handle}`, { handle });
    expect(await listed(c, { limit: 2 })).toEqual({ handles: ['one', 'two'], next: null });
  });

  test('when a handle prefix is given, then only those handles, and deleted profiles never', async () => {
    const c = core();
    for (const handle of ['alpha', 'alpine', 'beta']) await ownedBy(c, `owner-${handle}`, { handle });
    const alpine = (await c.list.execute(user('x'), { limit: 10, handlePrefix: 'alpi' })).items[0]!.profile;
    await c.remove.execute(user('owner-alpine'), alpine.id);
    expect(await listed(c, { limit: 10, handlePrefix: 'al' })).toEqual({ handles: ['alpha'], next: null });
  });

  test('when listed by a stranger, then every item is the public view', async () => {
    const c = core();
    await ownedBy(c, 'someone');
    const page = await c.list.execute(user('stranger'), { limit: 10 });
    expect(page.items.map((v) => v.visibility)).toEqual(['public']);
  });
});

describe('UpdateProfile', () => {
  test('when the owner patches at the current version, then the next version with the change', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    const view = await c.update.execute(user('owner'), profile.id, { bio: 'new bio' }, [1]);
    expect({ bio: view.profile.bio.value, version: view.profile.version }).toEqual({ bio: 'new bio', version: 2 });
  });

  test('when another user patches, then Forbidden and nothing changes', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await expect(c.update.execute(user('mallory'), profile.id, { bio: 'defaced' }, 'any')).rejects.toBeInstanceOf(ForbiddenError);
    expect((await c.get.execute(user('owner'), profile.id)).profile.version).toBe(1);
  });

  test("when an admin patches someone else's profile, then the change is made", async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.update.execute(admin(), profile.id, { bio: 'moderated' }, 'any');
    expect((await c.get.execute(user('owner'), profile.id)).profile.bio.value).toBe('moderated');
  });

  test('when the version named is not the current one, then a mismatch that says the current version', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.update.execute(user('owner'), profile.id, { bio: 'first' }, [1]);
    const stale = c.update.execute(user('owner'), profile.id, { bio: 'second' }, [1]);
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(stale).rejects.toMatchObject({ actual: 2, message: expect.stringContaining('current version is 2') });
  });

  test('when the profile was read (and cached) before the patch, then the next read shows the change', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.get.execute(user('reader'), profile.id);
    await c.update.execute(user('owner'), profile.id, { displayName: 'Renamed' }, 'any');
    expect((await c.get.execute(user('reader'), profile.id)).profile.displayName.value).toBe('Renamed');
  });

  test('when the profile is deleted, then NotFound', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.remove.execute(user('owner'), profile.id);
    await expect(c.update.execute(user('owner'), profile.id, { bio: 'x' }, 'any')).rejects.toBeInstanceOf(ProfileNotFoundError);
  });
});

describe('DeleteProfile and RestoreProfile', () => {
  test('when the owner deletes, then it is gone from reads and its purge is scheduled at the end of the grace period', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.get.execute(user('reader'), profile.id);
    await c.remove.execute(user('owner'), profile.id);

    await expect(c.get.execute(user('reader'), profile.id)).rejects.toBeInstanceOf(ProfileNotFoundError);
    const [purge] = await c.tasks.takeUnpublished(new Date(c.clock.now().getTime() + GRACE_MS + DAY), 10);
    expect({ type: purge?.type, payload: purge?.payload, runAt: purge?.runAt.getTime(), by: purge?.requestedBy }).toEqual({
      type: 'profile.purge',
      payload: { profileId: profile.id, version: 2 },
      runAt: c.clock.now().getTime() + GRACE_MS,
      by: 'owner',
    });
  });

  test.each([
    ['another user deletes', 'Forbidden', 'mallory', undefined, ForbiddenError],
    ['the owner names a stale version', 'a mismatch', 'owner', [7], VersionMismatchError],
  ])('when %s, then %s and the profile stays', async (_when, _outcome, subject, expected, refusal) => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await expect(c.remove.execute(user(subject), profile.id, expected)).rejects.toBeInstanceOf(refusal);
    expect((await c.get.execute(user('owner'), profile.id)).profile.version).toBe(1);
  });

  test('when restored within the grace period, then it reads again at the next version', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.remove.execute(user('owner'), profile.id);
    c.clock.advance(GRACE_MS - DAY);
    const view = await c.restore.execute(user('owner'), profile.id);
    expect(view.profile.version).toBe(3);
    expect((await c.get.execute(user('reader'), profile.id)).profile.version).toBe(3);
  });

  test('when restored after the grace period, then the window is closed', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.remove.execute(user('owner'), profile.id);
    c.clock.advance(GRACE_MS + 1);
    await expect(c.restore.execute(user('owner'), profile.id)).rejects.toBeInstanceOf(RestoreWindowClosedError);
  });

  test('when someone else tries to restore a deleted profile, then NotFound: they cannot tell it exists', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    await c.remove.execute(user('owner'), profile.id);
    await expect(c.restore.execute(user('snoop'), profile.id)).rejects.toBeInstanceOf(ProfileNotFoundError);
  });

  test('when a live profile is restored, then it comes back unchanged', async () => {
    const c = core();
    const profile = await ownedBy(c, 'owner');
    expect((await c.restore.execute(user('owner'), profile.id)).profile.version).toBe(1);
  });
});
