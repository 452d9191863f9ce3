import { VersionMismatchError } from '../../domain/errors.js';
import {
  CLOSE_WORDS_SEARCHED,
  FUZZY_SEARCH_MIN_LENGTH,
  type ProfileListQuery,
  type ProfileRepository,
  type ProfileSearchQuery,
  type SearchHit,
} from '../../domain/ports/profile-repository.js';
import type { Profile } from '../../domain/profile/profile.js';
import { PROFILE_COLUMNS, PROFILE_COLUMN_TYPES, conflictFrom, profileFromRow, profileValues, type ProfileRow } from './profile-rows.js';
import type { Bulkhead } from '../resilience/bulkhead.js';
import type { SqlExecutor } from './sql.js';

/** LIKE treats % and _ (and the escape character) as special; a prefix must match them literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const likePrefix = (prefix: string) => `${likeLiteral(prefix)}%`;

/**
 * A search, scored as the port defines it. $1 is the text; $2 the LIKE pattern of a handle or
 * display name starting with it, $3 of a later word of the display name starting with it. A
 * fuzzy search first finds the words close to the text in the dictionary of every word
 * (search_words, a few per thousand profiles), then the profiles holding one of them; each way
 * to match is served by an index, and scores are computed for the matches only. Scores are real
 * (float4): a cursor's score comes back exactly as it was sent. Two statements, with and without
 * the fuzzy part, so that a text too short for typos does not carry its plan.
 */
const searchStatement = (fuzzy: boolean) => `
  WITH ${
    fuzzy
      ? `close_words AS (
    SELECT coalesce(array_agg(word), '{}') AS words FROM (
      SELECT word FROM search_words WHERE word % $1 ORDER BY similarity(word, $1) DESC, word LIMIT ${CLOSE_WORDS_SEARCHED}) AS closest),`
      : ''
  }
  matches AS (
    SELECT ${PROFILE_COLUMNS},
      (CASE WHEN handle = $1 OR lower(display_name) = $1 THEN 2
            WHEN handle LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $3 ESCAPE '\\' THEN 1
            ELSE 0 END
       + (SELECT coalesce(max(similarity(word, $1)), 0) FROM unnest(profile_words(handle, display_name)) AS word))::real AS score
    FROM profiles
    WHERE deleted_at IS NULL
      AND (${fuzzy ? 'profile_words(handle, display_name) && (SELECT words FROM close_words) OR ' : ''}handle LIKE $2 ESCAPE '\\'
           OR lower(display_name) LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $3 ESCAPE '\\')
  )
  SELECT * FROM matches
  WHERE $4::real IS NULL OR score < $4::real OR (score = $4::real AND handle > $5)
  ORDER BY score DESC, handle
  LIMIT $6`;
const SEARCH_FUZZY = searchStatement(true);
const SEARCH_PREFIX = searchStatement(false);

/** The statement and parameters of a search (the benchmark explains them). */
export function searchQuery({ text, after, limit }: ProfileSearchQuery): { readonly text: string; readonly params: unknown[] } {
  return {
    text: [...text].length >= FUZZY_SEARCH_MIN_LENGTH ? SEARCH_FUZZY : SEARCH_PREFIX,
    params: [text, likePrefix(text), `% ${likeLiteral(text)}%`, after?.score ?? null, after?.handle ?? null, limit],
  };
}

const ASSIGNMENTS = PROFILE_COLUMNS.split(', ')
  .slice(1)
  .map((column, i) => `${column} = $${i + 2}`)
  .join(', ');
const PLACEHOLDERS = PROFILE_COLUMNS.split(', ')
  .map((_, i) => `$${i + 1}`)
  .join(', ');

/**
 * One statement for a batch: the rows arrive as one array per column; those that collide with
 * nothing are inserted (ON CONFLICT DO NOTHING, which also skips the later of two colliding
 * rows of the batch); the rest is told apart by whether their id was there before (the CTE's
 * snapshot predates the insert).
 */
const ADD_MANY = `
  WITH input AS (SELECT * FROM unnest(${PROFILE_COLUMN_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) AS t(${PROFILE_COLUMNS})),
       added AS (INSERT INTO profiles (${PROFILE_COLUMNS}) SELECT ${PROFILE_COLUMNS} FROM input ON CONFLICT DO NOTHING RETURNING id)
  SELECT id::text AS id, true AS added FROM added
  UNION ALL
  SELECT id::text, false FROM profiles JOIN input USING (id)`;

export class SqlProfileRepository implements ProfileRepository {
  /**
   * @param db where writes and consistent reads go (the primary, or a transaction)
   * @param replica where lag-tolerant reads (lists) go
   * @param searches how many searches may run at once (the costliest reads; SEARCH_CONCURRENCY)
   */
  constructor(
    private readonly db: SqlExecutor,
    private readonly replica: SqlExecutor = db,
    private readonly searches?: Bulkhead,
  ) {}

  async findById(id: string): Promise<Profile | null> {
    const { rows } = await this.db.query<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = $1`, [id]);
    return rows[0] ? profileFromRow(rows[0]) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Profile[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(profileFromRow);
  }

  search(query: ProfileSearchQuery): Promise<SearchHit[]> {
    const { text, params } = searchQuery(query);
    const run = async () => (await this.replica.query<ProfileRow & { score: number }>(text, params)).rows;
    return (this.searches ? this.searches.run(run) : run()).then((rows) =>
      rows.map((row) => ({ profile: profileFromRow(row), score: row.score })),
    );
  }

  async list({ handlePrefix, afterHandle, limit }: ProfileListQuery): Promise<Profile[]> {
    const { rows } = await this.replica.query<ProfileRow>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles
        WHERE deleted_at IS NULL
          AND ($1::text IS NULL OR handle LIKE $1 ESCAPE '\\')
          AND ($2::text IS NULL OR handle > $2)
        ORDER BY handle
        LIMIT $3`,
      [handlePrefix === undefined ? null : likePrefix(handlePrefix), afterHandle ?? null, limit],
    );
    return rows.map(profileFromRow);
  }

  async add(profile: Profile): Promise<void> {
    try {
      await this.db.query(`INSERT INTO profiles (${PROFILE_COLUMNS}) VALUES (${PLACEHOLDERS})`, profileValues(profile));
    } catch (error) {
      throw conflictFrom(error, profile) ?? error;
    }
  }

  async addMany(profiles: readonly Profile[]): Promise<ReadonlyMap<string, 'added' | 'existing'>> {
    if (profiles.length === 0) return new Map();
    const rows = profiles.map(profileValues);
    const columns = PROFILE_COLUMN_TYPES.map((_, c) => rows.map((row) => row[c]));
    const { rows: outcomes } = await this.db.query<{ id: string; added: boolean }>(ADD_MANY, columns);
    return new Map(outcomes.map(({ id, added }) => [id, added ? 'added' : 'existing']));
  }

  async save(profile: Profile, expectedVersion: number): Promise<void> {
    const values = profileValues(profile);
    let updated: number;
    try {
      ({ rowCount: updated } = await this.db.query(`UPDATE profiles SET ${ASSIGNMENTS} WHERE id = $1 AND version = $${values.length + 1}`, [
        ...values,
        expectedVersion,
      ]));
    } catch (error) {
      throw conflictFrom(error, profile) ?? error;
    }
    if (updated === 0) {
      const { rows } = await this.db.query<{ version: number }>('SELECT version FROM profiles WHERE id = $1', [profile.id]);
      throw new VersionMismatchError(rows[0]?.version ?? null);
    }
  }

  async remove(id: string, expectedVersion: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM profiles WHERE id = $1 AND version = $2', [id, expectedVersion]);
    return rowCount > 0;
  }
}
