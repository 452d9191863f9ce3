import { VersionMismatchError } from '../../domain/errors.js';
import type { ProfileListQuery, ProfileRepository } from '../../domain/ports/profile-repository.js';
import type { Profile } from '../../domain/profile/profile.js';
import { PROFILE_COLUMNS, conflictFrom, profileFromRow, profileValues, type ProfileRow } from './profile-rows.js';
import type { SqlExecutor } from './sql.js';

/** LIKE treats % and _ (and the escape character) as special; a prefix must match them literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const ASSIGNMENTS = PROFILE_COLUMNS.split(', ').slice(1).map((column, i) => `${column} = $${i + 2}`).join(', ');
const PLACEHOLDERS = PROFILE_COLUMNS.split(', ').map((_, i) => `$${i + 1}`).join(', ');

export class SqlProfileRepository implements ProfileRepository {
  /**
   * @param db where writes and consistent reads go (the primary, or a transaction)
   * @param replica where lag-tolerant reads (lists) go
   */
  constructor(
    private readonly db: SqlExecutor,
    private readonly replica: SqlExecutor = db,
  ) {}

  async findById(id: string): Promise<Profile | null> {
    const { rows } = await this.db.query<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = $1`, [id]);
    return rows[0] ? profileFromRow(rows[0]) : null;
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

  async save(profile: Profile, expectedVersion: number): Promise<void> {
    const values = profileValues(profile);
    let updated: number;
    try {
      ({ rowCount: updated } = await this.db.query(
        `UPDATE profiles SET ${ASSIGNMENTS} WHERE id = $1 AND version = $${values.length + 1}`,
        [...values, expectedVersion],
      ));
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
