import type { TaskStore } from '../../src/domain/ports/task-store.js';
import { newTask } from '../../src/domain/task/task.js';

export function taskStoreContract(name: string, makeStore: () => Promise<TaskStore>): void {
  describe(`TaskStore contract: ${name}`, () => {
    const now = new Date('2026-03-01T00:00:00Z');

    test('when a task is added, then it is found by id as queued with its payload; updates replace it', async () => {
      const store = await makeStore();
      const task = newTask({
        id: '00000000-0000-4000-8000-00000000bb01', type: 'profile.purge', payload: { profileId: 'p', version: 2 },
        requestedBy: 'alice', now, runAt: new Date('2026-04-01T00:00:00Z'),
      });
      await store.add(task);
      expect(await store.findById(task.id)).toEqual(task);
      const done = { ...task, status: 'succeeded' as const, attempts: 1, result: { purged: true }, updatedAt: new Date('2026-04-01T00:00:01Z') };
      await store.update(done);
      expect(await store.findById(task.id)).toEqual(done);
    });

    test('when an id is unknown, then findById gives null', async () => {
      const store = await makeStore();
      expect(await store.findById('00000000-0000-4000-8000-00000000bbff')).toBeNull();
    });
  });
}
