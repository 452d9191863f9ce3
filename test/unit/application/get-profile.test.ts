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
  override async findById(id: string) {
    this.reads++;
    await this.gate;
    return super.findById(id);
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
