// The composition root's lookups are checked by the compiler: a token carries the type it
// serves, and asking it for another type fails `npm run typecheck` (each @ts-expect-error
// below is itself an error if the line under it compiles). At run time, each port's token
// resolves to the class its driver's module names.
import { Container } from 'inversify';
import type { Clock } from '../../../src/domain/ports/clock.js';
import type { ProfileRepository } from '../../../src/domain/ports/profile-repository.js';
import { MemoryProfileRepository } from '../../../src/adapters/memory/memory-profile-repository.js';
import { MemoryUnitOfWork } from '../../../src/adapters/memory/memory-unit-of-work.js';
import { CountingProfileCache } from '../../../src/adapters/memory/counting-profile-cache.js';
import { NoProfileCache } from '../../../src/adapters/memory/no-profile-cache.js';
import { MemoryTaskQueue } from '../../../src/adapters/memory/memory-task-queue.js';
import { createLogger } from '../../../src/adapters/observability/logger.js';
import { loadConfig } from '../../../src/adapters/settings/config.js';
import { buildContainer } from '../../../src/bootstrap/container.js';
import { CLOCK, PROFILE_CACHE, PROFILE_REPOSITORY, TASK_QUEUE, UNIT_OF_WORK } from '../../../src/bootstrap/tokens.js';

const memoryContainer = (cacheDriver: 'memory' | 'none') =>
  buildContainer(
    loadConfig({
      NODE_ENV: 'test',
      DB_DRIVER: 'memory',
      CACHE_DRIVER: cacheDriver,
      QUEUE_DRIVER: 'memory',
      AUTH_JWT_SECRET: 'a'.repeat(32),
    }),
    {
      role: 'worker',
      version: 'test',
      log: createLogger({ name: 'tokens', level: 'fatal' }),
      lifecycle: { phase: () => 'ready' },
    },
  );

test('each port resolves to the class of its driver, typed as the port', async () => {
  const container = await memoryContainer('memory');
  const profiles: ProfileRepository = container.get(PROFILE_REPOSITORY);
  expect(profiles).toBeInstanceOf(MemoryProfileRepository);
  expect(container.get(UNIT_OF_WORK)).toBeInstanceOf(MemoryUnitOfWork);
  expect(container.get(PROFILE_CACHE)).toBeInstanceOf(CountingProfileCache);
  expect(container.get(TASK_QUEUE)).toBeInstanceOf(MemoryTaskQueue);
  expect((await memoryContainer('none')).get(PROFILE_CACHE)).toBeInstanceOf(NoProfileCache);
});

test('a lookup or a binding of the wrong type does not compile', () => {
  const container = new Container();
  // @ts-expect-error: the repository's token serves a ProfileRepository, not a Clock.
  container.bind(PROFILE_REPOSITORY).toConstantValue({ now: () => new Date() });
  container.bind(CLOCK).toConstantValue({ now: () => new Date(0) });
  const clock: Clock = container.get(CLOCK);
  // @ts-expect-error: asking the clock's token for a repository.
  const repository: ProfileRepository = container.get(CLOCK);
  // @ts-expect-error: naming the wrong type explicitly.
  container.get<ProfileRepository>(CLOCK);
  expect(clock.now().getTime()).toBe(0);
  expect(repository).toBe(clock);
});
