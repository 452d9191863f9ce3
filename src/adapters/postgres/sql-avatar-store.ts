import type { AvatarImage, AvatarStore, StoredAvatarImage } from '../../domain/ports/avatar-store.js';
import type { SqlDriver } from './sql.js';

export class SqlAvatarStore implements AvatarStore {
  constructor(private readonly driver: SqlDriver) {}

  put(profileId: string, version: number, images: readonly AvatarImage[]): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      // The lock on the profile's rows serializes two workers storing renditions of one profile.
      const { rows } = await tx.query<{ version: number }>('SELECT version FROM avatar_images WHERE profile_id = $1 FOR UPDATE', [profileId]);
      if (rows.some((r) => r.version > version)) return false;
      await tx.query('DELETE FROM avatar_images WHERE profile_id = $1', [profileId]);
      for (const image of images) {
        await tx.query('INSERT INTO avatar_images (profile_id, size, content_type, bytes, version) VALUES ($1, $2, $3, $4, $5)', [
          profileId, image.size, image.contentType, Buffer.from(image.bytes), version,
        ]);
      }
      return true;
    });
  }

  async get(profileId: string, size: number): Promise<StoredAvatarImage | null> {
    const { rows } = await this.driver.primary.query<{ size: number; content_type: string; bytes: Uint8Array; version: number }>(
      'SELECT size, content_type, bytes, version FROM avatar_images WHERE profile_id = $1 AND size = $2',
      [profileId, size],
    );
    const row = rows[0];
    return row ? { size: row.size, contentType: row.content_type, bytes: new Uint8Array(row.bytes), version: row.version } : null;
  }

  async remove(profileId: string): Promise<void> {
    await this.driver.primary.query('DELETE FROM avatar_images WHERE profile_id = $1', [profileId]);
  }
}
