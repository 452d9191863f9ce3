import { ProfileNotFoundError } from '../domain/errors.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import type { Profile } from '../domain/profile/profile.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';
import { SingleFlight } from './single-flight.js';

/** A batch read: the live profiles found, in the order asked, and the ids that have none. */
export interface ProfileBatch {
  readonly items: readonly ProfileView[];
  readonly missing: readonly string[];
}

/**
 * Reads live profiles through the cache, one or a batch at a time. Concurrent misses of one id
 * make one repository read, whether they come from single reads or batches.
 */
export class GetProfile {
  private readonly loads = new SingleFlight<Profile | null>();

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly cache: ProfileCache,
  ) {}

  async execute(principal: Principal, id: string): Promise<ProfileView> {
    const profile = await this.find(id);
    if (profile === null || profile.isDeleted) throw new ProfileNotFoundError(id);
    return viewFor(principal, profile);
  }

  /**
   * The profiles of `ids` (each id once, in the order first asked): one cache lookup for all,
   * one repository read for what the cache lacks. Deleted and unknown ids are `missing`.
   */
  async executeMany(principal: Principal, ids: readonly string[]): Promise<ProfileBatch> {
    const wanted = [...new Set(ids)];
    const found = await this.findMany(wanted);
    const items: ProfileView[] = [];
    const missing: string[] = [];
    for (const id of wanted) {
      const profile = found.get(id);
      if (profile && !profile.isDeleted) items.push(viewFor(principal, profile));
      else missing.push(id);
    }
    return { items, missing };
  }

  private async find(id: string): Promise<Profile | null> {
    const cached = await this.cache.get(id);
    if (cached.kind === 'hit') return cached.profile;
    if (cached.kind === 'absent') return null;
    return this.loads.run(id, async () => {
      const profile = await this.profiles.findById(id);
      await this.remember(id, profile);
      return profile;
    });
  }

  private async findMany(ids: readonly string[]): Promise<ReadonlyMap<string, Profile | null>> {
    const found = new Map<string, Profile | null>();
    const missed: string[] = [];
    for (const [id, cached] of await this.cache.getMany(ids)) {
      if (cached.kind === 'miss') missed.push(id);
      else found.set(id, cached.kind === 'hit' ? cached.profile : null);
    }
    if (missed.length === 0) return found;
    const loads = this.loads.runMany(missed, async (toLoad) => {
      const stored = new Map((await this.profiles.findByIds(toLoad)).map((profile) => [profile.id, profile]));
      const loaded = new Map(toLoad.map((id) => [id, stored.get(id) ?? null]));
      await Promise.all([...loaded].map(([id, profile]) => this.remember(id, profile)));
      return loaded;
    });
    // All awaited together: a failed read rejects each id's promise, and every rejection is handled.
    const loaded = await Promise.all(loads.values());
    [...loads.keys()].forEach((id, i) => found.set(id, loaded[i]!));
    return found;
  }

  /** Caches what the repository said of an id: its profile, or that it has none. */
  private remember(id: string, profile: Profile | null): Promise<void> {
    return profile === null ? this.cache.setAbsent(id) : this.cache.set(profile);
  }
}
