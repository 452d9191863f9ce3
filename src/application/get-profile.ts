import { ProfileNotFoundError } from '../domain/errors.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import type { Profile } from '../domain/profile/profile.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';
import { SingleFlight } from './single-flight.js';

/** Reads a live profile through the cache; concurrent misses of one id make one repository read. */
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

  private async find(id: string): Promise<Profile | null> {
    const cached = await this.cache.get(id);
    if (cached.kind === 'hit') return cached.profile;
    if (cached.kind === 'absent') return null;
    return this.loads.run(id, async () => {
      const profile = await this.profiles.findById(id);
      await (profile === null ? this.cache.setAbsent(id) : this.cache.set(profile));
      return profile;
    });
  }
}
