import { VersionMismatchError } from '../../src/domain/errors.js';
import type { ProfileRepository } from '../../src/domain/ports/profile-repository.js';
import type { TaskStore } from '../../src/domain/ports/task-store.js';
import type { UnitOfWork } from '../../src/domain/ports/unit-of-work.js';
import { aProfile } from '../support/profile-builder.js';
import { aTask } from '../support/task-builder.js';

export interface UnitOfWorkFixture {
  readonly uow: UnitOfWork;
  readonly profiles: ProfileRepository;
  readonly tasks: TaskStore;
}

export function unitOfWorkContract(name: string, makeFixture: () => Promise<UnitOfWorkFixture>): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    let f: UnitOfWorkFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    const now = new Date('2026-03-01T00:00:00Z');
    const task = (id: string) => aTask({ id, type: 'profile.purge', now });

    test('when the work completes, then all it wrote is visible outside', async () => {
      const profile = aProfile().build();
      const taskId = '00000000-0000-4000-8000-00000000aa01';
      await f.uow.run(async ({ profiles, tasks }) => {
        await profiles.add(profile);
        await tasks.add(task(taskId));
      });
      expect(await f.profiles.findById(profile.id)).not.toBeNull();
      expect(await f.tasks.findById(taskId)).not.toBeNull();
    });

    test('when the work throws, then nothing it wrote remains and the error reaches the caller', async () => {
      const existing = aProfile().build();
      await f.profiles.add(existing);
      const added = aProfile().build();
      const taskId = '00000000-0000-4000-8000-00000000aa02';
      const failure = new Error('boom');
      await expect(
        f.uow.run(async ({ profiles, tasks }) => {
          await profiles.add(added);
          await profiles.save(existing.patch({ displayName: 'Changed' }, now), 1);
          await tasks.add(task(taskId));
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await f.profiles.findById(added.id)).toBeNull();
      expect((await f.profiles.findById(existing.id))?.displayName.value).toBe(existing.displayName.value);
      expect(await f.tasks.findById(taskId)).toBeNull();
    });

    test('when two units of work save one version concurrently, then exactly one wins', async () => {
      const profile = aProfile().build();
      await f.profiles.add(profile);
      const attempt = (name: string) =>
        f.uow.run(async ({ profiles }) => {
          const current = await profiles.findById(profile.id);
          await profiles.save(current!.patch({ displayName: name }, now), 1);
        });
      const outcomes = await Promise.allSettled([attempt('One'), attempt('Two')]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(VersionMismatchError);
    });
  });
}
