// Bulk import through the use cases: an admin's NDJSON file becomes a task, and the task makes
// one profile per valid line, reporting each line it could not import and why.
import { DependencyUnavailableError, ForbiddenError, ProfileNotFoundError } from '../../../src/domain/errors.js';
import { RunImport } from '../../../src/application/imports/run-import.js';
import { PermanentTaskFailure } from '../../../src/application/tasks/task-work.js';
import { validateCreateProfile } from '../../../src/adapters/representation/validation.js';
import { admin, core, MAX_ATTEMPTS, user, type Core } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { aTask } from '../../support/task-builder.js';
import type { ProfileRepository } from '../../../src/domain/ports/profile-repository.js';
import type { UnitOfWork } from '../../../src/domain/ports/unit-of-work.js';
import { IMPORT_BATCH_SIZE } from '../../../src/adapters/settings/tunables.js';

const ndjson = (...lines: (string | Record<string, unknown>)[]) =>
  new TextEncoder().encode(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));

/**
 * An import whose units of work see the profile repository as `intercept` changes it (an
 * outage, a spy): each scope's repository, with the methods it gives in place of its own.
 */
function importIntercepting(
  c: Core,
  intercept: (profiles: ProfileRepository) => Partial<ProfileRepository>,
  batchSize = IMPORT_BATCH_SIZE,
): RunImport {
  const uow: UnitOfWork = {
    run: (work) =>
      c.uow.run((scope) => {
        const profiles = Object.create(scope.profiles) as ProfileRepository;
        return work({ ...scope, profiles: Object.assign(profiles, intercept(scope.profiles)) });
      }),
  };
  return new RunImport(uow, c.tasks, c.cache, c.ids, c.clock, validateCreateProfile, batchSize);
}

async function imported(c: Core, file: Uint8Array) {
  const task = await c.importProfiles.execute(admin('importer'), file);
  return { task, result: await c.runImport.run(task) };
}

describe('ImportProfiles', () => {
  test('when an admin posts a file, then a queued import task with its size, owned by the admin, and the file stored with it', async () => {
    const c = core();
    const file = ndjson({ ...aCreateBody(), ownerId: 'o1' });
    const task = await c.importProfiles.execute(admin('importer'), file);
    expect({
      type: task.type,
      status: task.status,
      payload: task.payload,
      by: task.requestedBy,
      max: task.maxAttempts,
      runAt: task.runAt,
    }).toEqual({
      type: 'profile.import',
      status: 'queued',
      payload: { bytes: file.byteLength },
      by: 'importer',
      max: MAX_ATTEMPTS,
      runAt: c.clock.now(),
    });
    expect(await c.tasks.input(task.id)).toEqual(file);
  });

  test('when a user who is not an admin imports, then Forbidden, before and when the file comes', async () => {
    const c = core();
    expect(() => c.importProfiles.authorize(user('someone'))).toThrow(ForbiddenError);
    await expect(c.importProfiles.execute(user('someone'), ndjson())).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('RunImport', () => {
  test('when every line is a valid profile with an owner, then each is created and readable', async () => {
    const c = core();
    const lines = [1, 2, 3].map((i) => ({ ...aCreateBody(), ownerId: `owner-${i}` }));
    const { result } = await imported(c, ndjson(...lines));
    expect(result).toEqual({ created: 3, failed: 0, failures: [] });
    const page = await c.list.execute(admin(), { limit: 10 });
    expect(page.items.map((v) => v.profile.ownerId).sort()).toEqual(['owner-1', 'owner-2', 'owner-3']);
  });

  test('when lines are broken, then each is reported with its number and reason, and the good ones are created', async () => {
    const c = core();
    const taken = aCreateBody({ handle: 'taken_handle' });
    await c.create.execute(user('first'), taken);
    const { result } = await imported(
      c,
      ndjson(
        { ...aCreateBody(), ownerId: 'good' },
        '{not json',
        { ...aCreateBody() },
        { ...aCreateBody({ handle: 'taken_handle' }), ownerId: 'second' },
        { ...aCreateBody({ email: 'not-an-email' }), ownerId: 'bad-email' },
        { ...aCreateBody(), ownerId: 'good-too', unknownMember: 1 },
      ),
    );
    expect(result.created).toBe(1);
    expect(result.failed).toBe(5);
    expect(result.failures.map((f) => [f.line, f.reason, f.errors?.map((e) => e.pointer) ?? []])).toEqual([
      [2, 'The line is not valid JSON.', []],
      [3, 'Every imported profile needs an ownerId.', ['/ownerId']],
      [4, expect.stringContaining('handle'), ['/handle']],
      [5, 'The profile has invalid members.', ['/email']],
      [6, 'The profile has invalid members.', ['/unknownMember']],
    ]);
  });

  test('when the lines span several batches, then collisions within a batch and across batches are reported in line order', async () => {
    const c = core();
    const inTwos = new RunImport(c.uow, c.tasks, c.cache, c.ids, c.clock, validateCreateProfile, 2);
    const task = await c.importProfiles.execute(
      admin('importer'),
      ndjson(
        { ...aCreateBody({ handle: 'first_a' }), ownerId: 'o1' },
        { ...aCreateBody({ handle: 'first_a' }), ownerId: 'o2' },
        '{oops',
        { ...aCreateBody({ handle: 'then_b' }), ownerId: 'o4' },
        { ...aCreateBody({ handle: 'then_b' }), ownerId: 'o5' },
        { ...aCreateBody({ handle: 'first_a' }), ownerId: 'o6' },
        { ...aCreateBody(), ownerId: 'o7' },
      ),
    );
    const result = await inTwos.run(task);
    expect({ created: result.created, failedLines: result.failures.map((f) => f.line) }).toEqual({ created: 3, failedLines: [2, 3, 5, 6] });
    const owners = (await c.list.execute(admin(), { limit: 10 })).items.map((v) => v.profile.ownerId).sort();
    expect(owners).toEqual(['o1', 'o4', 'o7']);
  });

  test('when a file has more lines than a batch, then they are stored a batch at a time, not held until the end', async () => {
    const c = core();
    const task = await c.importProfiles.execute(
      admin('importer'),
      ndjson(...[1, 2, 3, 4, 5].map((i) => ({ ...aCreateBody(), ownerId: `o${i}` }))),
    );
    const stored: number[] = [];
    const inTwos = importIntercepting(
      c,
      (profiles) => ({
        addMany: async (batch) => {
          const before = (await c.list.execute(admin(), { limit: 10 })).items.length;
          const result = await profiles.addMany(batch);
          stored.push((await c.list.execute(admin(), { limit: 10 })).items.length - before);
          return result;
        },
      }),
      2,
    );
    await inTwos.run(task);
    expect(stored).toEqual([2, 2, 1]);
  });

  test('when the database goes away while a colliding line is tried alone, then the attempt fails (to be retried), not the line', async () => {
    const c = core();
    await c.create.execute(user('first'), aCreateBody({ handle: 'taken_handle' }));
    const task = await c.importProfiles.execute(admin(), ndjson({ ...aCreateBody({ handle: 'taken_handle' }), ownerId: 'second' }));
    // The batch's own attempt meets the collision; the line's attempt alone meets the outage.
    let calls = 0;
    const run = importIntercepting(c, (profiles) => ({
      add: (profile) => (++calls === 1 ? profiles.add(profile) : Promise.reject(new DependencyUnavailableError('database', 1))),
    }));
    await expect(run.run(task)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  test('when the file has blank lines and no final newline, then blank lines are neither created nor failed', async () => {
    const c = core();
    const file = new TextEncoder().encode(
      `\n${JSON.stringify({ ...aCreateBody(), ownerId: 'a' })}\n   \n\n${JSON.stringify({ ...aCreateBody(), ownerId: 'b' })}`,
    );
    expect((await imported(c, file)).result).toEqual({ created: 2, failed: 0, failures: [] });
  });

  test("when a line is numbered, the count is of the file's lines, blank ones included", async () => {
    const c = core();
    const file = new TextEncoder().encode(`\n\n{oops\n`);
    expect((await imported(c, file)).result.failures).toEqual([{ line: 3, reason: 'The line is not valid JSON.' }]);
  });

  test('when the same import runs again (a crash, a lapsed lease), then the profiles it made count as created, not as duplicates', async () => {
    const c = core();
    const { task, result } = await imported(c, ndjson({ ...aCreateBody(), ownerId: 'x' }, { ...aCreateBody(), ownerId: 'y' }));
    const again = await c.runImport.run(task);
    expect(again).toEqual(result);
    expect((await c.list.execute(admin(), { limit: 10 })).items).toHaveLength(2);
  });

  test('when the file is no longer stored, then the task fails for good, saying so', async () => {
    const c = core();
    const task = aTask({ payload: { bytes: 10 }, requestedBy: 'importer', now: c.clock.now() });
    await c.tasks.add(task);
    const run = c.runImport.run(task);
    await expect(run).rejects.toBeInstanceOf(PermanentTaskFailure);
    await expect(run).rejects.toThrow('The import file is no longer stored.');
  });

  test('when an imported id had been looked up as absent, then it is readable right after the import', async () => {
    const c = core();
    const task = await c.importProfiles.execute(admin('importer'), ndjson({ ...aCreateBody(), ownerId: 'z' }));
    const id = c.ids.derive(`${task.id}:1`);
    await expect(c.get.execute(admin(), id)).rejects.toBeInstanceOf(ProfileNotFoundError);
    await c.runImport.run(task);
    expect((await c.get.execute(admin(), id)).profile.ownerId).toBe('z');
  });

  test('when more than 1000 lines fail, then all are counted and the first 1000 reported', async () => {
    const c = core();
    const { result } = await imported(c, new TextEncoder().encode(Array(1001).fill('{oops').join('\n')));
    expect({ failed: result.failed, reported: result.failures.length, last: result.failures.at(-1)?.line }).toEqual({
      failed: 1001,
      reported: 1000,
      last: 1000,
    });
  });

  test('when a line holds bytes that are not UTF-8, then they become U+FFFD and the import goes on', async () => {
    const c = core();
    const bad = new TextEncoder()
      .encode(JSON.stringify({ ...aCreateBody({ displayName: 'Bad XX name' }), ownerId: 'utf' }))
      .map((b, i, all) => (all[i] === 0x58 ? 0xff : b));
    const good = new TextEncoder().encode(`\n${JSON.stringify({ ...aCreateBody(), ownerId: 'after' })}`);
    const { result } = await imported(c, new Uint8Array([...bad, ...good]));
    expect(result).toEqual({ created: 2, failed: 0, failures: [] });
    const names = (await c.list.execute(admin(), { limit: 10 })).items.map((v) => v.profile.displayName.value);
    expect(names).toContain('Bad \uFFFD\uFFFD name');
  });

  test('when the database is unavailable during a line, then the attempt fails (to be retried), not the line', async () => {
    const c = core();
    const task = await c.importProfiles.execute(admin(), ndjson({ ...aCreateBody(), ownerId: 'x' }));
    const run = importIntercepting(c, () => ({ addMany: () => Promise.reject(new DependencyUnavailableError('database', 1)) }));
    await expect(run.run(task)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  test('when a long import runs, then it lets timers and requests through while it works', async () => {
    const c = core();
    const task = await c.importProfiles.execute(admin(), new TextEncoder().encode(Array(50_000).fill('{oops').join('\n')));
    let finished = false;
    const timerSawImportRunning = new Promise<boolean>((resolve) => setTimeout(() => resolve(!finished), 0));
    await c.runImport.run(task);
    finished = true;
    expect(await timerSawImportRunning).toBe(true);
  });
});
