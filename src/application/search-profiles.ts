import type { ProfileRepository, SearchPosition } from '../domain/ports/profile-repository.js';
import type { SearchText } from '../domain/profile/search-text.js';
import type { Principal } from './principal.js';
import { viewFor, type ProfileView } from './profile-view.js';

export interface SearchProfilesQuery {
  readonly text: SearchText;
  readonly limit: number;
  readonly after?: SearchPosition;
}

export interface SearchPage {
  readonly items: readonly ProfileView[];
  /** Where this page ends when another page follows, else null. */
  readonly next: SearchPosition | null;
}

/** Live profiles whose handle or display name matches a text, best first, a keyset page at a time. */
export class SearchProfiles {
  constructor(private readonly profiles: ProfileRepository) {}

  async execute(principal: Principal, query: SearchProfilesQuery): Promise<SearchPage> {
    // One hit more than asked tells whether another page follows.
    const hits = await this.profiles.search({
      text: query.text.value,
      limit: query.limit + 1,
      ...(query.after ? { after: query.after } : {}),
    });
    const page = hits.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((hit) => viewFor(principal, hit.profile)),
      next: hits.length > query.limit && last ? { score: last.score, handle: last.profile.handle.value } : null,
    };
  }
}
