import type { AvatarImage, AvatarStore } from '../../domain/ports/avatar-store.js';
import type { SqlDriver } from './sql.js';

export class SqlAvatarStore implements AvatarStore {
  constructor(private readonly driver: SqlDriver) {}

  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<void> {
    return this.driver.transaction(async (tx) => {
      for (const image of images) {
        await tx.query(
          `INSERT INTO avatar_images (profile_id, version, size, content_type, bytes) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (profile_id, version, size) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes`,
          [profileId, version, image.size, image.contentType, Buffer.from(image.bytes)],
        );
      }
    });
  }

  async get(profileId: string, version: number, size: number): Promise<AvatarImage | null> {
    const { rows } = await this.driver.primary.query<{ size: number; content_type: string; bytes: Uint8Array }>(
      'SELECT size, content_type, bytes FROM avatar_images WHERE profile_id = $1 AND version = $2 AND size = $3',
      [profileId, version, size],
    );
    const row = rows[0];
    return row ? { size: row.size, contentType: row.content_type, bytes: new Uint8Array(row.bytes) } : null;
  }

  async removeOlderThan(profileId: string, version: number): Promise<void> {
    await this.driver.primary.query('DELETE FROM avatar_images WHERE profile_id = $1 AND version < $2', [profileId, version]);
  }

  async remove(profileId: string, version?: number): Promise<void> {
    await this.driver.primary.query('DELETE FROM avatar_images WHERE profile_id = $1 AND ($2::integer IS NULL OR version = $2)', [
      profileId,
      version ?? null,
    ]);
  }
}
