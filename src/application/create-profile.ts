import type { Clock } from '../domain/ports/clock.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import { Profile, type NewProfile } from '../domain/profile/profile.js';
import { assertMayCreateFor } from './access-policy.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

export type CreateProfileInput = Omit<NewProfile, 'ownerId'> & { ownerId?: unknown };

/**
 * A new profile is one INSERT, atomic on its own: it needs no transaction (which would cost
 * two more round trips to the database, BEGIN and COMMIT, on every create).
 */
export class CreateProfile {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, input: CreateProfileInput): Promise<ProfileView> {
    const ownerId = input.ownerId ?? principal.subject;
    assertMayCreateFor(principal, ownerId);
    const profile = Profile.create({ ...input, ownerId }, this.ids.next(), this.clock.now());
    await this.profiles.add(profile);
    // A lookup of this id may have been cached as absent before it existed.
    await this.cache.invalidate(profile.id, profile.version);
    return viewFor(principal, profile);
  }
}
