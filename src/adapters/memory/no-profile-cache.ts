import type { CacheLookup, ProfileCache } from '../../domain/ports/profile-cache.js';

/** Caching switched off (CACHE_DRIVER=none): every read goes to the repository. */
export class NoProfileCache implements ProfileCache {
  get(): Promise<CacheLookup> {
    return Promise.resolve({ kind: 'miss' });
  }

  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>> {
    return Promise.resolve(new Map(ids.map((id) => [id, { kind: 'miss' }])));
  }

  set(): Promise<void> {
    return Promise.resolve();
  }

  setAbsent(): Promise<void> {
    return Promise.resolve();
  }

  invalidateMany(): Promise<void> {
    return Promise.resolve();
  }

  invalidate(): Promise<void> {
    return Promise.resolve();
  }
}
