import { RestoreWindowClosedError, ValidationError } from '../../../src/domain/errors.js';
import { Profile } from '../../../src/domain/profile/profile.js';
import { caught } from '../../support/caught.js';
import { aProfile } from '../../support/profile-builder.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');
const DAY = 86_400_000;

const validationErrors = (act: () => unknown) => caught(ValidationError, act).errors;

describe('Profile.create', () => {
  test('when every member is valid, then the profile starts at version 1 with defaults for the optional ones', () => {
    const profile = Profile.create({ ownerId: 'alice', handle: 'Alice', email: 'a@example.com', displayName: 'Alice' }, 'id-1', t0);
    expect(profile.toSnapshot()).toEqual({
      id: 'id-1',
      ownerId: 'alice',
      handle: 'alice',
      email: 'a@example.com',
      displayName: 'Alice',
      bio: '',
      location: '',
      website: null,
      avatar: null,
      avatarSequence: 0,
      createdAt: t0,
      updatedAt: t0,
      deletedAt: null,
      version: 1,
    });
  });

  test('when several members are invalid, then every one is reported under its pointer', () => {
    const errors = validationErrors(() =>
      Profile.create({ ownerId: '', handle: 'x', email: 'nope', displayName: '', website: 'ftp://x' }, 'id', t0),
    );
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/displayName', '/email', '/handle', '/ownerId', '/website']);
  });
});

describe('Profile.patch (JSON Merge Patch)', () => {
  test('when members change, then the version goes up by one and updatedAt moves', () => {
    const next = aProfile().build().patch({ displayName: 'New', bio: 'Hi' }, t1);
    expect(next.version).toBe(2);
    expect(next.updatedAt).toEqual(t1);
    expect([next.displayName.value, next.bio.value]).toEqual(['New', 'Hi']);
  });

  test('when optional members are set to null, then they go back to their defaults', () => {
    const filled = aProfile().build().patch({ bio: 'b', location: 'l', website: 'https://example.com' }, t1);
    const cleared = filled.patch({ bio: null, location: null, website: null }, t1);
    expect([cleared.bio.value, cleared.location.value, cleared.website]).toEqual(['', '', null]);
  });

  test('when required members are set to null, then each is reported as not removable', () => {
    const errors = validationErrors(() => aProfile().build().patch({ handle: null, email: null, displayName: null }, t1));
    expect(errors).toEqual([
      { pointer: '/handle', message: 'is required and cannot be removed' },
      { pointer: '/email', message: 'is required and cannot be removed' },
      { pointer: '/displayName', message: 'is required and cannot be removed' },
    ]);
  });

  test('when the patch changes nothing (after normalization), then the same profile and version come back', () => {
    const profile = aProfile().withHandle('same').build();
    expect(profile.patch({ handle: 'SAME', displayName: ` ${profile.displayName.value} ` }, t1)).toBe(profile);
    expect(profile.patch({}, t1)).toBe(profile);
  });
});

describe('soft delete and restore', () => {
  test('when deleted, then it is marked deleted at a new version and due for purge after the grace period', () => {
    const deleted = aProfile().build().markDeleted(t1);
    expect(deleted.isDeleted).toBe(true);
    expect(deleted.version).toBe(2);
    expect(deleted.purgeDueAt(30 * DAY)).toEqual(new Date(t1.getTime() + 30 * DAY));
  });

  test('when restored within the grace period, then it is live again at a new version', () => {
    const restored = aProfile()
      .build()
      .markDeleted(t1)
      .restore(new Date(t1.getTime() + 29 * DAY), 30 * DAY);
    expect(restored.isDeleted).toBe(false);
    expect(restored.version).toBe(3);
  });

  test('when restored after the grace period, then it is refused', () => {
    const deleted = aProfile().build().markDeleted(t1);
    expect(() => deleted.restore(new Date(t1.getTime() + 31 * DAY), 30 * DAY)).toThrow(RestoreWindowClosedError);
  });

  test('when a live profile is restored, then nothing changes', () => {
    const profile = aProfile().build();
    expect(profile.restore(t1, DAY)).toBe(profile);
  });
});

describe('the avatar', () => {
  const ready = (profile: Profile, version: number) => profile.withAvatarProcessed(version, 'ready', t1);

  test('when an image is uploaded, then it is processing under version 1 and nothing is shown yet', () => {
    const uploaded = aProfile().build().withAvatarUploaded('task-1', t1);
    expect(uploaded.avatar).toEqual({ status: 'processing', version: 1, readyVersion: null, taskId: 'task-1' });
  });

  test('when processing succeeds, then that upload is shown', () => {
    const shown = ready(aProfile().build().withAvatarUploaded('task-1', t1), 1);
    expect(shown.avatar).toEqual({ status: 'ready', version: 1, readyVersion: 1, taskId: 'task-1' });
  });

  test('when a newer upload is processing or fails, then the last ready one stays shown', () => {
    const first = ready(aProfile().build().withAvatarUploaded('task-1', t1), 1);
    const second = first.withAvatarUploaded('task-2', t1);
    expect(second.avatar).toMatchObject({ status: 'processing', version: 2, readyVersion: 1 });
    expect(second.withAvatarProcessed(2, 'failed', t1).avatar).toEqual({ status: 'failed', version: 2, readyVersion: 1, taskId: 'task-2' });
  });

  test('when the avatar is removed and an image uploaded again, then its version is new: no version is reused', () => {
    const first = ready(aProfile().build().withAvatarUploaded('task-1', t1), 1);
    const again = first.withoutAvatar(t1).withAvatarUploaded('task-2', t1);
    expect(again.avatar).toEqual({ status: 'processing', version: 2, readyVersion: null, taskId: 'task-2' });
    expect(again.avatarSequence).toBe(2);
  });

  test('when an upload that was replaced finishes, then nothing changes: only the newest upload counts', () => {
    const replaced = aProfile().build().withAvatarUploaded('task-1', t1).withAvatarUploaded('task-2', t1);
    expect(ready(replaced, 1)).toBe(replaced);
    expect(replaced.withAvatarProcessed(1, 'failed', t1)).toBe(replaced);
  });

  test('when the outcome is recorded twice (a repeated delivery), then the second changes nothing', () => {
    const shown = ready(aProfile().build().withAvatarUploaded('task-1', t1), 1);
    expect(ready(shown, 1)).toBe(shown);
  });
});
