// The avatar.process task's outcomes as the owner sees them on the profile, on the in-memory
// adapters with a manual clock: a transient failure that never heals, and one that does.
import { UuidV7IdGenerator } from '../../../src/adapters/node/uuid-id-generator.js';
import { MemoryAvatarStore } from '../../../src/adapters/memory/memory-avatar-store.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../../src/adapters/memory/memory-profile-repository.js';
import { MemoryTaskStore } from '../../../src/adapters/memory/memory-task-store.js';
import { MemoryUnitOfWork } from '../../../src/adapters/memory/memory-unit-of-work.js';
import { ProcessAvatar } from '../../../src/application/avatars/process-avatar.js';
import { UploadAvatar } from '../../../src/application/avatars/upload-avatar.js';
import { principal } from '../../../src/application/principal.js';
import { ProfileChanges } from '../../../src/application/profile-changes.js';
import { RunTask } from '../../../src/application/tasks/run-task.js';
import type { AvatarImage } from '../../../src/domain/ports/avatar-store.js';
import type { ImageProcessor } from '../../../src/domain/ports/image-processor.js';
import type { Task } from '../../../src/domain/task/task.js';
import { ManualClock } from '../../support/manual-clock.js';
import { aProfile } from '../../support/profile-builder.js';
import { profileRenderer } from '../../../src/adapters/events/event-document.js';

const PNG_MAGIC = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads any header; its next `failures` renders throw, as a crashed decoder or a full disk would. */
class FlakyImages implements ImageProcessor {
  failures = 0;
  renders = 0;
  inspect = () => Promise.resolve({ format: 'png' as const, width: 10, height: 10 });
  renderAvatar(_bytes: Uint8Array, sizes: readonly number[]): Promise<AvatarImage[]> {
    this.renders++;
    if (this.failures-- > 0) return Promise.reject(new Error('ENOSPC: no space left on device'));
    return Promise.resolve(sizes.map((size) => ({ size, contentType: 'image/webp', bytes: new Uint8Array([size % 251]) })));
  }
}

function setup(maxAttempts: number) {
  const db = new MemoryDatabase();
  const clock = new ManualClock();
  const tasks = new MemoryTaskStore(db);
  const avatars = new MemoryAvatarStore();
  const images = new FlakyImages();
  const changes = new ProfileChanges(
    new MemoryUnitOfWork(db, profileRenderer({ includePrivate: false })),
    new MemoryProfileCache({ maxEntries: 10, ttlMs: 1000, absentTtlMs: 1000 }),
    clock,
    new UuidV7IdGenerator(),
  );
  const profiles = new MemoryProfileRepository(db);
  let n = 0;
  const upload = new UploadAvatar(
    changes,
    images,
    { next: () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`, derive: (s) => s },
    maxAttempts,
  );
  const runTask = new RunTask(tasks, { 'avatar.process': new ProcessAvatar(changes, tasks, avatars, images) }, clock, {
    leaseMs: 60_000,
    backoff: { baseMs: 1000, maxMs: 1000 },
  });
  /** Delivers the task's message until it is finished, letting the clock pass each backoff. */
  const runToTheEnd = async (task: Task) => {
    for (let delivery = 0; delivery < 20; delivery++) {
      const settlement = await runTask.execute({ taskId: task.id, type: task.type });
      if (settlement.outcome !== 'retry') return tasks.findById(task.id);
      clock.advance(settlement.delayMs);
    }
    throw new Error('the task never finished');
  };
  return { profiles, avatars, images, upload, runToTheEnd };
}

test('when rendering keeps failing for reasons other than the image, then the task dies after its attempts, the upload is failed, and the avatar shown before stays', async () => {
  const { profiles, avatars, images, upload, runToTheEnd } = setup(3);
  const owner = principal('flaky-owner', ['user']);
  const profile = aProfile().withOwner('flaky-owner').build();
  await profiles.add(profile);
  expect((await runToTheEnd(await upload.execute(owner, profile.id, PNG_MAGIC)))?.status).toBe('succeeded');

  images.failures = Infinity;
  const dead = await runToTheEnd(await upload.execute(owner, profile.id, PNG_MAGIC));

  expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
  expect(images.renders).toBe(4);
  expect((await profiles.findById(profile.id))?.avatar).toMatchObject({ status: 'failed', version: 2, readyVersion: 1 });
  expect(await avatars.get(profile.id, 1, 64)).not.toBeNull();
});

test('when a failure heals before the attempts run out, then the upload becomes the avatar shown and the older renditions go', async () => {
  const { profiles, avatars, images, upload, runToTheEnd } = setup(3);
  const owner = principal('healing-owner', ['user']);
  const profile = aProfile().withOwner('healing-owner').build();
  await profiles.add(profile);
  await runToTheEnd(await upload.execute(owner, profile.id, PNG_MAGIC));

  images.failures = 1;
  const second = await runToTheEnd(await upload.execute(owner, profile.id, PNG_MAGIC));

  expect(second).toMatchObject({ status: 'succeeded', attempts: 2 });
  expect((await profiles.findById(profile.id))?.avatar).toMatchObject({ status: 'ready', version: 2, readyVersion: 2 });
  expect(await avatars.get(profile.id, 1, 64)).toBeNull();
  expect(await avatars.get(profile.id, 2, 64)).not.toBeNull();
});
