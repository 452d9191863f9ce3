import type { Profile } from '../domain/profile/profile.js';
import { maySeePrivateMembers } from './access-policy.js';
import type { Principal } from './principal.js';

/** A profile as one principal may see it: `full` includes private members such as the e-mail. */
export interface ProfileView {
  readonly profile: Profile;
  readonly visibility: 'full' | 'public';
}

export function viewFor(principal: Principal, profile: Profile): ProfileView {
  return { profile, visibility: maySeePrivateMembers(principal, profile) ? 'full' : 'public' };
}
