import type { TaskStore } from '../../src/domain/ports/task-store.js';
import { failAttempt, revive, succeed, type NewTask, type Task } from '../../src/domain/task/task.js';
import { aTask } from '../support/task-builder.js';

export function taskStoreContract(name: string, makeStore: () => Promise<TaskStore>): void {
  describe(`TaskStore contract: ${name}`, () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const later = (ms: number) => new Date(now.getTime() + ms);
    let n = 0;
    // Ids in the order of creation: some outcomes are ordered by id.
    const aStoredTask = (input: Partial<NewTask> = {}): Task =>
      aTask({
        id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
        type: 'profile.purge',
        payload: { profileId: 'p', version: 2 },
        requestedBy: 'alice',
        now,
        ...input,
      });

    test('when a task is added, then it is found by id as queued with its payload, and its input beside it', async () => {
      const store = await makeStore();
      const task = aStoredTask({ runAt: later(60_000) });
      await store.add(task, new Uint8Array([1, 2, 3]));
      expect(await store.findById(task.id)).toEqual(task);
      expect(await store.input(task.id)).toEqual(new Uint8Array([1, 2, 3]));
    });

    test('when an id is unknown, then findById and input give null', async () => {
      const store = await makeStore();
      expect(await store.findById('00000000-0000-4000-8000-00000000bbff')).toBeNull();
      expect(await store.input('00000000-0000-4000-8000-00000000bbff')).toBeNull();
    });

    test('when a queued task is claimed, then it runs with one more attempt, and no one else can claim it while the lease holds', async () => {
      const store = await makeStore();
      const task = aStoredTask();
      await store.add(task);
      const lease = await store.claim(task.id, now, 10_000);
      expect(lease?.task).toMatchObject({ status: 'running', attempts: 1 });
      expect(await store.claim(task.id, later(5_000), 10_000)).toBeNull();
    });

    test('when a lease lapses, then another worker takes the task over and the first can no longer settle it', async () => {
      const store = await makeStore();
      const task = aStoredTask();
      await store.add(task);
      const first = (await store.claim(task.id, now, 1_000))!;
      const second = await store.claim(task.id, later(1_001), 1_000);
      expect(second?.task.attempts).toBe(2);
      expect(await store.renew(first, later(5_000))).toBe(false);
      expect(await store.settle(first, succeed(first.task, { by: 'first' }, later(1_500)))).toBe(false);
      expect(await store.settle(second!, succeed(second!.task, { by: 'second' }, later(1_600)))).toBe(true);
      expect(await store.findById(task.id)).toMatchObject({ status: 'succeeded', result: { by: 'second' } });
    });

    test('when a task is claimed, then its lease expiry is known; renewed, it moves; settled, no one holds it', async () => {
      const store = await makeStore();
      const task = aStoredTask();
      await store.add(task);
      expect(await store.leaseExpiry(task.id)).toBeNull();
      const lease = (await store.claim(task.id, now, 1_000))!;
      expect(await store.leaseExpiry(task.id)).toEqual(later(1_000));
      await store.renew(lease, later(4_000));
      expect(await store.leaseExpiry(task.id)).toEqual(later(4_000));
      await store.settle(lease, succeed(lease.task, null, later(2_000)));
      expect(await store.leaseExpiry(task.id)).toBeNull();
    });

    test('when a renewed lease would have lapsed, then the task stays with its holder', async () => {
      const store = await makeStore();
      const task = aStoredTask();
      await store.add(task);
      const lease = (await store.claim(task.id, now, 1_000))!;
      expect(await store.renew(lease, later(10_000))).toBe(true);
      expect(await store.claim(task.id, later(5_000), 1_000)).toBeNull();
    });

    test('when an attempt succeeds, then the task is finished, its input dropped, and it cannot be claimed again', async () => {
      const store = await makeStore();
      const task = aStoredTask();
      await store.add(task, new Uint8Array([9]));
      const lease = (await store.claim(task.id, now, 1_000))!;
      await store.settle(lease, succeed(lease.task, { purged: true }, later(10)));
      expect(await store.findById(task.id)).toMatchObject({ status: 'succeeded', attempts: 1, result: { purged: true } });
      expect(await store.input(task.id)).toBeNull();
      expect(await store.claim(task.id, later(60_000), 1_000)).toBeNull();
    });

    test('when an attempt fails, then the task waits for its retry and keeps its input; a dead task is claimed by no one', async () => {
      const store = await makeStore();
      const task = aStoredTask({ maxAttempts: 2 });
      await store.add(task, new Uint8Array([7]));
      const first = (await store.claim(task.id, now, 1_000))!;
      await store.settle(first, failAttempt(first.task, 'boom', later(10), 500));
      expect(await store.findById(task.id)).toMatchObject({ status: 'failed', lastError: 'boom', runAt: later(510) });
      const second = (await store.claim(task.id, later(600), 1_000))!;
      await store.settle(second, failAttempt(second.task, 'boom again', later(700), 500));
      expect(await store.findById(task.id)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'boom again' });
      expect(await store.input(task.id)).toEqual(new Uint8Array([7]));
      expect(await store.claim(task.id, later(60_000), 1_000)).toBeNull();
    });

    test('when tasks are added, then the outbox gives the due ones in run-at order until they are marked published', async () => {
      const store = await makeStore();
      const soon = aStoredTask({ runAt: later(1_000) });
      const first = aStoredTask({ runAt: now });
      const far = aStoredTask({ runAt: later(3_600_000) });
      for (const t of [soon, first, far]) await store.add(t);
      expect(await store.countUnpublished()).toBe(3);
      expect((await store.takeUnpublished(later(60_000), 10)).map((t) => t.id)).toEqual([first.id, soon.id]);
      expect((await store.takeUnpublished(later(60_000), 1)).map((t) => t.id)).toEqual([first.id]);
      await store.markPublished([first.id, soon.id], now);
      expect(await store.takeUnpublished(later(60_000), 10)).toEqual([]);
      expect(await store.countUnpublished()).toBe(1);
    });

    test('when tasks wait in the outbox, then the oldest due one says how long the relay is behind; tasks not yet due do not count', async () => {
      const store = await makeStore();
      expect(await store.oldestDue(now)).toBeNull();
      const due = aStoredTask({ runAt: later(-60_000) });
      const newer = aStoredTask({ runAt: later(-1_000) });
      const future = aStoredTask({ runAt: later(3_600_000) });
      for (const t of [due, newer, future]) await store.add(t);
      expect(await store.oldestDue(now)).toEqual(later(-60_000));
      await store.markPublished([due.id], now);
      expect(await store.oldestDue(now)).toEqual(later(-1_000));
    });

    test('when tasks handed to the queue were never started, then those handed over or due before the bound go back to the outbox, no other', async () => {
      const store = await makeStore();
      const lost = aStoredTask();
      const delayed = aStoredTask({ runAt: later(600_000) });
      const recent = aStoredTask();
      const orphaned = aStoredTask();
      const held = aStoredTask();
      const done = aStoredTask();
      for (const t of [lost, delayed, recent, orphaned, held, done]) await store.add(t);
      await store.markPublished([lost.id, delayed.id, orphaned.id, held.id, done.id], now);
      await store.markPublished([recent.id], later(250_000));
      // An attempt whose worker died (its lease lapsed long ago), one whose lease holds, one finished.
      await store.claim(orphaned.id, now, 1_000);
      await store.claim(held.id, now, 600_000);
      const finished = (await store.claim(done.id, now, 1_000))!;
      await store.settle(finished, succeed(finished.task, null, later(10)));

      expect(await store.returnStranded(later(200_000))).toBe(2);
      expect((await store.takeUnpublished(later(600_000), 10)).map((t) => t.id).sort()).toEqual([lost.id, orphaned.id].sort());
      // Handed over again, they are not stranded again until the bound has passed once more.
      await store.markPublished([lost.id, orphaned.id], later(200_000));
      expect(await store.returnStranded(later(200_000))).toBe(0);
    });

    test('when a dead task is revived, then it is queued with fresh attempts and back in the outbox', async () => {
      const store = await makeStore();
      const task = aStoredTask({ maxAttempts: 1 });
      await store.add(task);
      await store.markPublished([task.id], now);
      const lease = (await store.claim(task.id, now, 1_000))!;
      await store.settle(lease, failAttempt(lease.task, 'boom', later(10), 0));
      await store.requeue(revive((await store.findById(task.id))!, later(20)));
      expect(await store.findById(task.id)).toMatchObject({ status: 'queued', attempts: 0, lastError: 'boom', runAt: later(20) });
      expect((await store.takeUnpublished(later(20), 10)).map((t) => t.id)).toEqual([task.id]);
      expect((await store.claim(task.id, later(30), 1_000))?.task.attempts).toBe(1);
    });
  });
}
