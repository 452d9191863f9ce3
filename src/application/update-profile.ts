import type { ProfilePatch } from '../domain/profile/profile.js';
import type { ExpectedVersion } from './expected-version.js';
import type { Principal } from './principal.js';
import type { ProfileChanges } from './profile-changes.js';
import { viewFor, type ProfileView } from './profile-view.js';

/** Applies a JSON Merge Patch, at the version the caller names. */
export class UpdateProfile {
  constructor(private readonly changes: ProfileChanges) {}

  async execute(principal: Principal, id: string, patch: ProfilePatch, expected: ExpectedVersion): Promise<ProfileView> {
    const { next } = await this.changes.apply({ actor: principal, profileId: id, expected }, (current, now) => ({
      next: current.patch(patch, now),
      value: undefined,
    }));
    return viewFor(principal, next);
  }
}
