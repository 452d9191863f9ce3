import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryProfileCache } from '../../../src/adapters/memory/memory-profile-cache.js';
import { MemoryProfileRepository } from '../../../src/adapters/memory/memory-profile-repository.js';
import { GetProfile } from '../../../src/application/get-profile.js';
import { principal } from '../../../src/application/principal.js';
import { ProfileNotFoundError } from '../../../src/domain/errors.js';
import { aProfile } from '../../support/profile-builder.js';

/** Counts reads and holds them until released, so concurrent misses really overlap. */
class CountingRepository extends MemoryProfileRepository {
  reads = 0;
  private gate: Promise<void> = Promise.resolve();
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    return release;
  }
  /** The ids of each batch read, in order. */
  readonly batches: string[][] = [];
  override async findById(id: string) {
    this.reads++;
    await this.gate;
    return super.findById(id);
  }
  /** When set, the next batch read fails with it. */
  failNextBatch: Error | undefined;
  override async findByIds(ids: readonly string[]) {
    this.reads++;
    this.batches.push([...ids]);
    await this.gate;
    const failure = this.failNextBatch;
    this.failNextBatch = undefined;
    if (failure) throw failure;
    return super.findByIds(ids);
  }
}

function setup() {
  const repo = new CountingRepository(new MemoryDatabase());
  const cache = new MemoryProfileCache({ maxEntries: 100, ttlMs: 60_000, absentTtlMs: 60_000 });
  return { repo, cache, getProfile: new GetProfile(repo, cache) };
}

describe('GetProfile', () => {
  test('when 100 requests miss the cache for one id at once, then the repository is read once', async () => {
    const { repo, getProfile } = setup();
    const profile = aProfile().build();
    await repo.add(profile);
    const release = repo.hold();
    const reads = Array.from({ length: 100 }, () => getProfile.execute(principal('x'), profile.id));
    release();
    const views = await Promise.all(reads);
    expect(repo.reads).toBe(1);
    expect(views.every((v) => v.profile.id === profile.id)).toBe(true);
  });

  test('when an id has no profile, then NotFound, and the absence is cached so the repository is not asked again', async () => {
    const { repo, getProfile } = setup();
    const id = '00000000-0000-4000-8000-0000000000ab';
    await expect(getProfile.execute(principal('x'), id)).rejects.toBeInstanceOf(ProfileNotFoundError);
    await expect(getProfile.execute(principal('x'), id)).rejects.toBeInstanceOf(ProfileNotFoundError);
    expect(repo.reads).toBe(1);
  });

  test('when the profile is soft-deleted, then NotFound', async () => {
    const { repo, getProfile } = setup();
    const profile = aProfile().build();
    await repo.add(profile.markDeleted(new Date()));
    await expect(getProfile.execute(principal('x'), profile.id)).rejects.toBeInstanceOf(ProfileNotFoundError);
  });
});

test('when a profile was read once, then the next read is served from the cache', async () => {
  const { repo, getProfile } = setup();
  const profile = aProfile().build();
  await repo.add(profile);
  await getProfile.execute(principal('x'), profile.id);
  expect((await getProfile.execute(principal('x'), profile.id)).profile.id).toBe(profile.id);
  expect(repo.reads).toBe(1);
});

describe('GetProfile, a batch', () => {
  const reader = principal('x');

  test('when ids repeat, are unknown or deleted, then each live profile comes once in the order asked and the rest are missing', async () => {
    const { repo, getProfile } = setup();
    const [first, second, gone] = [aProfile().build(), aProfile().build(), aProfile().build()];
    for (const profile of [first, second]) await repo.add(profile);
    await repo.add(gone.markDeleted(new Date()));
    const unknown = '00000000-0000-4000-8000-0000000000cd';
    const batch = await getProfile.executeMany(reader, [second.id, unknown, first.id, second.id, gone.id]);
    expect(batch.items.map((view) => view.profile.id)).toEqual([second.id, first.id]);
    expect(batch.missing).toEqual([unknown, gone.id]);
  });

  test('when some ids are cached, then one repository read fetches only the others, and fills the cache with them', async () => {
    const { repo, getProfile } = setup();
    const profiles = [aProfile().build(), aProfile().build(), aProfile().build()];
    for (const profile of profiles) await repo.add(profile);
    await getProfile.execute(reader, profiles[0]!.id);
    repo.reads = 0;
    const batch = await getProfile.executeMany(
      reader,
      profiles.map((p) => p.id),
    );
    expect(batch.items.map((view) => view.profile.id)).toEqual(profiles.map((p) => p.id));
    expect(repo.batches).toEqual([[profiles[1]!.id, profiles[2]!.id]]);
    await getProfile.executeMany(
      reader,
      profiles.map((p) => p.id),
    );
    expect((await getProfile.execute(reader, profiles[2]!.id)).profile.id).toBe(profiles[2]!.id);
    expect(repo.reads).toBe(1);
  });

  test('when single reads and a batch miss the same id at once, then the repository reads it once', async () => {
    const { repo, getProfile } = setup();
    const [shared, other] = [aProfile().build(), aProfile().build()];
    for (const profile of [shared, other]) await repo.add(profile);
    const release = repo.hold();
    const single = getProfile.execute(reader, shared.id);
    const batch = getProfile.executeMany(reader, [shared.id, other.id]);
    const again = getProfile.executeMany(reader, [other.id, shared.id]);
    release();
    const [view, first, second] = await Promise.all([single, batch, again]);
    expect(repo.reads).toBe(2);
    expect(repo.batches).toEqual([[other.id]]);
    expect([view.profile.id, first.items.map((v) => v.profile.id), second.items.map((v) => v.profile.id)]).toEqual([
      shared.id,
      [shared.id, other.id],
      [other.id, shared.id],
    ]);
  });

  test('when the repository read of a batch fails, then the batch fails with it, and the next batch reads again', async () => {
    const { repo, getProfile } = setup();
    const [first, second] = [aProfile().build(), aProfile().build()];
    for (const profile of [first, second]) await repo.add(profile);
    const failure = new Error('database down');
    repo.failNextBatch = failure;
    await expect(getProfile.executeMany(reader, [first.id, second.id])).rejects.toBe(failure);
    expect((await getProfile.executeMany(reader, [first.id, second.id])).items).toHaveLength(2);
    expect(repo.batches).toHaveLength(2);
  });
});
