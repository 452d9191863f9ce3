import { UniquenessConflictError, VersionMismatchError } from '../../domain/errors.js';
import {
  CLOSE_WORDS_SEARCHED,
  FUZZY_SEARCH_MIN_LENGTH,
  SEARCH_SIMILARITY_THRESHOLD,
  type ProfileListQuery,
  type ProfileRepository,
  type ProfileSearchQuery,
  type SearchHit,
} from '../../domain/ports/profile-repository.js';
import type { Profile } from '../../domain/profile/profile.js';
import type { Journal, MemoryDatabase } from './memory-database.js';
import { similarity, words } from './trigrams.js';

/** The words of a profile's handle and display name, as PostgreSQL's profile_words makes them. */
const wordsOf = (profile: Profile) => words(`${profile.handle.value} ${profile.displayName.value}`);

/** The words of all these profiles that a fuzzy search for the text looks for (see SearchHit). */
function closeWords(profiles: readonly Profile[], text: string): Set<string> {
  if ([...text].length < FUZZY_SEARCH_MIN_LENGTH) return new Set();
  const scored = [...new Set(profiles.flatMap(wordsOf))]
    .map((word) => ({ word, similarity: similarity(word, text) }))
    .filter((w) => w.similarity >= SEARCH_SIMILARITY_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? -1 : 1));
  return new Set(scored.slice(0, CLOSE_WORDS_SEARCHED).map((w) => w.word));
}

/** The score a profile gets for a search text, as the port defines it; null when it does not match. */
function scoreOf(profile: Profile, text: string, close: ReadonlySet<string>): number | null {
  const handle = profile.handle.value;
  const name = profile.displayName.value.toLowerCase();
  const held = wordsOf(profile);
  const closeness = Math.max(0, ...held.map((word) => similarity(word, text)));
  if (handle === text || name === text) return 2 + closeness;
  if (handle.startsWith(text) || name.startsWith(text) || name.includes(` ${text}`)) return 1 + closeness;
  return held.some((word) => close.has(word)) ? closeness : null;
}

/** Best first: score descending, then handle. */
const ranked = (a: SearchHit, b: SearchHit) => b.score - a.score || (a.profile.handle.value < b.profile.handle.value ? -1 : 1);

export class MemoryProfileRepository implements ProfileRepository {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly journal?: Journal,
  ) {}

  findById(id: string): Promise<Profile | null> {
    return Promise.resolve(this.db.profiles.get(id) ?? null);
  }

  findByIds(ids: readonly string[]): Promise<Profile[]> {
    return Promise.resolve(ids.flatMap((id) => this.db.profiles.get(id) ?? []));
  }

  search({ text, after, limit }: ProfileSearchQuery): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    // The words of every stored profile, deleted ones included; PostgreSQL's dictionary also keeps
    // words that profiles no longer hold (they bring no profile).
    const close = closeWords([...this.db.profiles.values()], text);
    for (const profile of this.db.profiles.values()) {
      if (profile.isDeleted) continue;
      const score = scoreOf(profile, text, close);
      if (score !== null) hits.push({ profile, score });
    }
    const isAfter = (hit: SearchHit) =>
      after === undefined || hit.score < after.score || (hit.score === after.score && hit.profile.handle.value > after.handle);
    return Promise.resolve(hits.filter(isAfter).sort(ranked).slice(0, limit));
  }

  list({ handlePrefix = '', afterHandle, limit }: ProfileListQuery): Promise<Profile[]> {
    const page = [...this.db.profiles.values()]
      .filter((p) => !p.isDeleted && p.handle.value.startsWith(handlePrefix))
      .filter((p) => afterHandle === undefined || p.handle.value > afterHandle)
      .sort((a, b) => (a.handle.value < b.handle.value ? -1 : 1))
      .slice(0, limit);
    return Promise.resolve(page);
  }

  add(profile: Profile): Promise<void> {
    return this.settle(() => {
      if (this.db.idByOwner.has(profile.ownerId)) {
        throw new UniquenessConflictError('owner_has_profile', '/ownerId', 'This owner already has a profile.');
      }
      this.assertUnique(profile);
      this.write(profile.id, profile);
    });
  }

  async addMany(profiles: readonly Profile[]): Promise<ReadonlyMap<string, 'added' | 'existing'>> {
    const outcomes = new Map<string, 'added' | 'existing'>();
    for (const profile of profiles) {
      if (this.db.profiles.has(profile.id)) {
        outcomes.set(profile.id, 'existing');
        continue;
      }
      try {
        await this.add(profile);
        outcomes.set(profile.id, 'added');
      } catch (error) {
        if (!(error instanceof UniquenessConflictError)) throw error;
      }
    }
    return outcomes;
  }

  save(profile: Profile, expectedVersion: number): Promise<void> {
    return this.settle(() => {
      const stored = this.db.profiles.get(profile.id);
      if (stored?.version !== expectedVersion) {
        throw new VersionMismatchError(stored?.version ?? null);
      }
      this.assertUnique(profile);
      this.write(profile.id, profile);
    });
  }

  remove(id: string, expectedVersion: number): Promise<boolean> {
    if (this.db.profiles.get(id)?.version !== expectedVersion) return Promise.resolve(false);
    this.write(id, undefined);
    return Promise.resolve(true);
  }

  private assertUnique(profile: Profile): void {
    const holder = (index: Map<string, string>, key: string) => {
      const id = index.get(key);
      return id !== undefined && id !== profile.id;
    };
    if (holder(this.db.idByHandle, profile.handle.value)) {
      throw new UniquenessConflictError('handle_taken', '/handle', `The handle "${profile.handle.value}" is taken.`);
    }
    if (holder(this.db.idByEmail, profile.email.canonical)) {
      throw new UniquenessConflictError('email_taken', '/email', 'This e-mail address belongs to another profile.');
    }
  }

  /** Replaces (or with undefined, erases) one profile and its index entries, with an undo step. */
  private write(id: string, next: Profile | undefined): void {
    const previous = this.db.profiles.get(id);
    this.unindex(previous);
    if (next) {
      this.db.profiles.set(id, next);
      this.index(next);
    } else {
      this.db.profiles.delete(id);
    }
    this.journal?.record(() => {
      this.unindex(next);
      if (previous) {
        this.db.profiles.set(id, previous);
        this.index(previous);
      } else {
        this.db.profiles.delete(id);
      }
    });
  }

  private index(p: Profile): void {
    this.db.idByHandle.set(p.handle.value, p.id);
    this.db.idByEmail.set(p.email.canonical, p.id);
    this.db.idByOwner.set(p.ownerId, p.id);
  }

  private unindex(p: Profile | undefined): void {
    if (!p) return;
    this.db.idByHandle.delete(p.handle.value);
    this.db.idByEmail.delete(p.email.canonical);
    this.db.idByOwner.delete(p.ownerId);
  }

  /** Runs a synchronous write and reports its outcome as a promise, like a driver would. */
  // eslint-disable-next-line @typescript-eslint/require-await -- async turns a throw into a rejection
  private async settle(write: () => void): Promise<void> {
    write();
  }
}
