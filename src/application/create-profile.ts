import { profileEvent } from '../domain/events/profile-event.js';
import type { Clock } from '../domain/ports/clock.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { ProfileCache } from '../domain/ports/profile-cache.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { Profile, type NewProfile } from '../domain/profile/profile.js';
import { assertMayCreateFor } from './access-policy.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

export type CreateProfileInput = Omit<NewProfile, 'ownerId'> & { ownerId?: unknown };

/** A new profile and its `profile.created` event, in one transaction. */
export class CreateProfile {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, input: CreateProfileInput): Promise<ProfileView> {
    const ownerId = input.ownerId ?? principal.subject;
    assertMayCreateFor(principal, ownerId);
    const profile = Profile.create({ ...input, ownerId }, this.ids.next(), this.clock.now());
    await this.uow.run(async ({ profiles, events }) => {
      await profiles.add(profile);
      await events.add(profileEvent('profile.created', profile, this.ids.next(), profile.createdAt));
    });
    // A lookup of this id may have been cached as absent before it existed.
    await this.cache.invalidate(profile.id, profile.version);
    return viewFor(principal, profile);
  }
}
