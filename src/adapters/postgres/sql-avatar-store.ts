import type { AvatarImage, AvatarStore } from '../../domain/ports/avatar-store.js';
import type { SqlDriver } from './sql.js';

export class SqlAvatarStore implements AvatarStore {
  constructor(private readonly driver: SqlDriver) {}

  put(profileId: string, images: readonly AvatarImage[]): Promise<void> {
    return this.driver.transaction(async (tx) => {
      await tx.query('DELETE FROM avatar_images WHERE profile_id = $1', [profileId]);
      for (const image of images) {
        await tx.query('INSERT INTO avatar_images (profile_id, size, content_type, bytes) VALUES ($1, $2, $3, $4)', [
          profileId, image.size, image.contentType, Buffer.from(image.bytes),
        ]);
      }
    });
  }

  async get(profileId: string, size: number): Promise<AvatarImage | null> {
    const { rows } = await this.driver.primary.query<{ size: number; content_type: string; bytes: Uint8Array }>(
      'SELECT size, content_type, bytes FROM avatar_images WHERE profile_id = $1 AND size = $2',
      [profileId, size],
    );
    const row = rows[0];
    return row ? { size: row.size, contentType: row.content_type, bytes: new Uint8Array(row.bytes) } : null;
  }

  async remove(profileId: string): Promise<void> {
    await this.driver.primary.query('DELETE FROM avatar_images WHERE profile_id = $1', [profileId]);
  }
}
