import type { ProfileRepository } from '../domain/ports/profile-repository.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

export interface ListProfilesQuery {
  readonly limit: number;
  readonly afterHandle?: string;
  readonly handlePrefix?: string;
}

export interface ProfilePage {
  readonly items: readonly ProfileView[];
  /** The last handle of this page when another page follows, else null. */
  readonly nextAfterHandle: string | null;
}

/** Live profiles ordered by handle, one keyset page at a time. */
export class ListProfiles {
  constructor(private readonly profiles: ProfileRepository) {}

  async execute(principal: Principal, query: ListProfilesQuery): Promise<ProfilePage> {
    // One row more than asked tells whether another page follows.
    const rows = await this.profiles.list({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const hasMore = rows.length > query.limit;
    return {
      items: page.map((profile) => viewFor(principal, profile)),
      nextAfterHandle: hasMore ? (page.at(-1)?.handle.value ?? null) : null,
    };
  }
}
