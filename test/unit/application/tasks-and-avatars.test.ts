// The task side of the core: who may see and retry a task, the outbox relay that hands tasks
// to the queue, the purge a delete schedules; and the avatar a profile shows.
import { AvatarNotFoundError, ForbiddenError, TaskNotFoundError, TaskNotRetryableError } from '../../../src/domain/errors.js';
import { failAttempt, startAttempt, type Task } from '../../../src/domain/task/task.js';
import { RELAY } from '../../../src/adapters/settings/tunables.js';
import { admin, core, DAY, GRACE_MS, REPUBLISH_AFTER_MS, user, type Core } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { aTask } from '../../support/task-builder.js';

async function storedTask(c: Core, overrides: Partial<Task> = {}): Promise<Task> {
  const task = aTask({ type: 'avatar.process', requestedBy: 'owner', now: c.clock.now(), maxAttempts: 1 }, overrides);
  await c.tasks.add(task);
  return task;
}

describe('GetTask', () => {
  test.each([
    ['its requester', user('owner')],
    ['an admin', admin()],
  ])('when %s asks, then the task', async (_who, principal) => {
    const c = core();
    const task = await storedTask(c);
    expect((await c.getTask.execute(principal, task.id)).id).toBe(task.id);
  });

  test('when anyone else asks, then NotFound (its existence is not told)', async () => {
    const c = core();
    const task = await storedTask(c);
    await expect(c.getTask.execute(user('stranger'), task.id)).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  test('when the id is unknown, then NotFound', async () => {
    const c = core();
    await expect(c.getTask.execute(admin(), c.ids.next())).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

describe('RetryTask', () => {
  async function deadTask(c: Core) {
    const task = await storedTask(c);
    const dead = failAttempt(startAttempt(task, c.clock.now()), 'the image is unreadable', c.clock.now(), 1000);
    await c.tasks.requeue(dead);
    return dead;
  }

  test('when an admin retries a dead task, then it is queued again now with a fresh set of attempts', async () => {
    const c = core();
    const dead = await deadTask(c);
    expect(dead.status).toBe('dead');
    c.clock.advance(DAY);
    const revived = await c.retryTask.execute(admin(), dead.id);
    expect({ status: revived.status, attempts: revived.attempts, runAt: revived.runAt }).toEqual({
      status: 'queued',
      attempts: 0,
      runAt: c.clock.now(),
    });
    expect((await c.getTask.execute(admin(), dead.id)).status).toBe('queued');
  });

  test('when a task is not dead, then it cannot be retried', async () => {
    const c = core();
    const task = await storedTask(c);
    await expect(c.retryTask.execute(admin(), task.id)).rejects.toBeInstanceOf(TaskNotRetryableError);
  });

  test.each([
    ['its requester (not an admin)', 'Forbidden', 'owner', ForbiddenError],
    ['a stranger', 'NotFound', 'stranger', TaskNotFoundError],
  ])('when %s retries, then %s', async (_who, _outcome, subject, refusal) => {
    const c = core();
    const dead = await deadTask(c);
    await expect(c.retryTask.execute(user(subject), dead.id)).rejects.toBeInstanceOf(refusal);
  });
});

describe('RelayOutbox', () => {
  test('when tasks are due, then each is handed to the queue once, with the delay until it is due', async () => {
    const c = core();
    const now = c.clock.now().getTime();
    const soon = await storedTask(c, { runAt: new Date(now + 60_000) });
    const due = await storedTask(c);
    expect(await c.relay.execute()).toBe(2);
    expect(await c.relay.execute()).toBe(0);
    expect(c.queue.published.map((p) => [p.message.taskId, p.delayMs]).sort()).toEqual(
      [
        [due.id, 0],
        [soon.id, 60_000],
      ].sort(),
    );
  });

  test('when a task is due beyond the horizon (a purge in 7 days), then it waits in the outbox until it comes near', async () => {
    const c = core();
    const later = await storedTask(c, { runAt: new Date(c.clock.now().getTime() + GRACE_MS) });
    expect(await c.relay.execute()).toBe(0);
    c.clock.advance(GRACE_MS - 60_000);
    expect(await c.relay.execute()).toBe(1);
    expect(c.queue.published).toEqual([{ message: { taskId: later.id, type: 'avatar.process' }, delayMs: 60_000 }]);
  });

  test('when the queue refuses, then the error comes out and the task stays in the outbox for the next round', async () => {
    const c = core();
    await storedTask(c);
    c.queue.refuse = true;
    await expect(c.relay.execute()).rejects.toThrow('the broker is away');
    c.queue.refuse = false;
    expect(await c.relay.execute()).toBe(1);
  });

  test('when a task handed to the queue is never delivered, then the relay hands it over again once TASK_REPUBLISH_AFTER has passed, not before', async () => {
    const c = core();
    const task = await storedTask(c);
    expect(await c.relay.execute()).toBe(1);
    c.clock.advance(REPUBLISH_AFTER_MS - RELAY.strandedCheckMs);
    expect(await c.relay.execute()).toBe(0);
    c.clock.advance(2 * RELAY.strandedCheckMs);
    expect(await c.relay.execute()).toBe(1);
    expect(c.queue.published.map((p) => p.message.taskId)).toEqual([task.id, task.id]);
  });

  test('when the queue forgets messages at a restart, then the first round hands back what was handed before', async () => {
    const c = core({ durableQueue: false });
    const task = await storedTask(c);
    await c.tasks.markPublished([task.id], c.clock.now());
    expect(await c.relay.execute()).toBe(1);
    expect(await c.relay.execute()).toBe(0);
  });
});

describe('PurgeProfile', () => {
  async function deleted(c: Core) {
    const { profile } = await c.create.execute(user('owner'), aCreateBody());
    await c.avatars.put(profile.id, 1, [{ size: 64, contentType: 'image/webp', bytes: new Uint8Array([1]) }]);
    await c.remove.execute(user('owner'), profile.id);
    const [purge] = await c.tasks.takeUnpublished(new Date(c.clock.now().getTime() + GRACE_MS), 10);
    return { profile, purge: purge! };
  }

  test('when it runs for the version the delete made, then the profile and its images are gone for good', async () => {
    const c = core();
    const { profile, purge } = await deleted(c);
    expect(await c.purge.run(purge)).toEqual({ purged: true });
    expect(await c.profiles.findById(profile.id)).toBeNull();
    expect(await c.avatars.get(profile.id, 1, 64)).toBeNull();
  });

  test('when the profile was restored meanwhile, then nothing is removed, and the result says why', async () => {
    const c = core();
    const { profile, purge } = await deleted(c);
    await c.restore.execute(user('owner'), profile.id);
    expect(await c.purge.run(purge)).toEqual({ purged: false, reason: 'The profile was restored or changed after the delete.' });
    expect((await c.get.execute(user('owner'), profile.id)).profile.version).toBe(3);
    expect(await c.avatars.get(profile.id, 1, 64)).not.toBeNull();
  });

  test('when an earlier delivery already removed the profile, then it finishes the images and reports purged', async () => {
    const c = core();
    const { profile, purge } = await deleted(c);
    await c.profiles.remove(profile.id, 2);
    expect(await c.purge.run(purge)).toEqual({ purged: true });
    expect(await c.avatars.get(profile.id, 1, 64)).toBeNull();
  });
});

describe('GetAvatar and DeleteAvatar', () => {
  async function withAvatar(c: Core) {
    const { profile } = await c.create.execute(user('owner'), aCreateBody());
    await c.changes.apply({ actor: 'service', profileId: profile.id }, (current, now) => ({
      next: current.withAvatarUploaded('task-1', now).withAvatarProcessed(1, 'ready', now),
      value: undefined,
    }));
    await c.avatars.put(
      profile.id,
      1,
      [64, 256].map((size) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([size % 251]) })),
    );
    return profile.id;
  }

  test('when the avatar shown is asked for, with or without its version, then that rendition', async () => {
    const c = core();
    const id = await withAvatar(c);
    expect(await c.getAvatar.execute(id, 256)).toMatchObject({ version: 1, image: { size: 256 } });
    expect(await c.getAvatar.execute(id, 64, 1)).toMatchObject({ version: 1, image: { size: 64 } });
  });

  test('when another version, a missing size, a profile without avatar or an unknown profile is asked for, then NotFound', async () => {
    const c = core();
    const id = await withAvatar(c);
    const plain = (await c.create.execute(user('plain'), aCreateBody())).profile.id;
    for (const ask of [
      () => c.getAvatar.execute(id, 64, 2),
      () => c.getAvatar.execute(id, 512),
      () => c.getAvatar.execute(plain, 64),
      () => c.getAvatar.execute(c.ids.next(), 64),
    ]) {
      await expect(ask()).rejects.toBeInstanceOf(AvatarNotFoundError);
    }
  });

  test('when the profile is deleted, then its avatar is not served', async () => {
    const c = core();
    const id = await withAvatar(c);
    await c.remove.execute(user('owner'), id);
    await expect(c.getAvatar.execute(id, 64)).rejects.toBeInstanceOf(AvatarNotFoundError);
  });

  test('when the owner removes the avatar, then it is no longer served and its images are gone', async () => {
    const c = core();
    const id = await withAvatar(c);
    await c.deleteAvatar.execute(user('owner'), id);
    await expect(c.getAvatar.execute(id, 64)).rejects.toBeInstanceOf(AvatarNotFoundError);
    expect(await c.avatars.get(id, 1, 64)).toBeNull();
  });

  test('when another user removes the avatar, then Forbidden and it is still served', async () => {
    const c = core();
    const id = await withAvatar(c);
    await expect(c.deleteAvatar.execute(user('mallory'), id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await c.getAvatar.execute(id, 64)).image.size).toBe(64);
  });
});
