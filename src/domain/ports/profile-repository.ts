import type { Profile } from '../profile/profile.js';

export interface ProfileListQuery {
  /** Lower-case handle prefix; only live profiles whose handle starts with it. */
  readonly handlePrefix?: string;
  /** Keyset pagination: only handles strictly after this one. */
  readonly afterHandle?: string;
  readonly limit: number;
}

/** Where a search page ends: the next page holds the results ranked after it. */
export interface SearchPosition {
  readonly score: number;
  readonly handle: string;
}

export interface ProfileSearchQuery {
  /** What to look for (a SearchText's value: normalised, in lower case). */
  readonly text: string;
  /** Keyset pagination: only results ranked after this position. */
  readonly after?: SearchPosition;
  readonly limit: number;
}

/**
 * One live profile that matches a search, with its score: 2 plus its closeness when its handle
 * or display name is the text; 1 plus its closeness when its handle, its display name or a
 * later word of the name starts with the text; else, for a text of FUZZY_SEARCH_MIN_LENGTH
 * characters or more, its closeness alone, when it holds one of the CLOSE_WORDS_SEARCHED words
 * closest to the text of all profiles' words, at a similarity of SEARCH_SIMILARITY_THRESHOLD
 * or more (a shorter text matches exactly or as a prefix only). Its closeness is the greatest trigram
 * similarity (the share of three-letter pieces two words have in common, words padded, case
 * ignored) between the text and a word of its handle or display name (words are runs of
 * letters: "alice_b2" is "alice" and "b").
 */
/** The greatest score a hit can have: an exact match (2) at full closeness (1). */
export const MAX_SEARCH_SCORE = 3;

export interface SearchHit {
  readonly profile: Profile;
  readonly score: number;
}

/** The least trigram similarity of a match that is neither exact nor a prefix (the usual threshold of trigram matching). */
export const SEARCH_SIMILARITY_THRESHOLD = 0.3;

/**
 * The shortest text matched with typos. A shorter one shares a trigram or two with a large part
 * of any directory, so its fuzzy matches are noise, and finding them costs a scan of that part
 * (search engines draw the same line: Meilisearch allows a typo from five characters).
 */
export const FUZZY_SEARCH_MIN_LENGTH = 5;

/**
 * How many of the words closest to a text a fuzzy search looks for (ties by word). Each brings
 * the profiles holding it, so this bounds a search's work however many words are a little alike;
 * the words further off would rank below them anyway.
 */
export const CLOSE_WORDS_SEARCHED = 32;

/** The system of record for profiles. Uniqueness of handle, e-mail and owner is its to enforce. */
export interface ProfileRepository {
  /** The profile with this id, soft-deleted ones included; null when there is none. */
  findById(id: string): Promise<Profile | null>;
  /** The profiles with these ids, soft-deleted ones included, in no particular order; unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Profile[]>;
  /** Live (not deleted) profiles ordered by handle. */
  list(query: ProfileListQuery): Promise<Profile[]>;
  /** Live profiles matching the text (see SearchHit), best first: score descending, then handle. */
  search(query: ProfileSearchQuery): Promise<SearchHit[]>;
  /** Stores a new profile; throws UniquenessConflictError when handle, e-mail or owner is taken. */
  add(profile: Profile): Promise<void>;
  /**
   * Stores many new profiles at once (a bulk import), each that breaks no uniqueness rule,
   * in order (of two in the batch that collide, the first is stored). Says of each profile
   * whether it was `added`, or already `existing` under its id; one it leaves out collided
   * with another profile, and `add` tells the caller which rule it broke.
   */
  addMany(profiles: readonly Profile[]): Promise<ReadonlyMap<string, 'added' | 'existing'>>;
  /**
   * Replaces the stored profile if its version is still `expectedVersion`, else throws
   * VersionMismatchError; throws UniquenessConflictError like `add`.
   */
  save(profile: Profile, expectedVersion: number): Promise<void>;
  /**
   * Erases a profile for good (the purge after the grace period) if it is still at
   * `expectedVersion`; false when it changed meanwhile (a restore) or is gone.
   */
  remove(id: string, expectedVersion: number): Promise<boolean>;
}
