// The shared (L2) profile cache in Redis. Entries are hashes {k: hit|absent|tomb, v: version,
// d: profile JSON}; writes are Lua scripts, so "never older over newer" is atomic. Keys carry
// a namespace, a format version and a generation: bumping the generation discards every entry
// at once, which is how entries left stale by an outage are dropped (see README, "Caching").
import type { CacheLookup, CommittedVersion, ProfileCache } from '../../domain/ports/profile-cache.js';
import { Profile, type ProfileSnapshot } from '../../domain/profile/profile.js';
import type { Guard } from '../resilience/guard.js';
import type { RedisClient } from './redis-client.js';

const SET_IF_NEWER = `
local kind = redis.call('HGET', KEYS[1], 'k')
if kind == 'hit' and tonumber(redis.call('HGET', KEYS[1], 'v')) >= tonumber(ARGV[1]) then return 0 end
if kind == 'tomb' and tonumber(redis.call('HGET', KEYS[1], 'v')) > tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'k', 'hit', 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const SET_ABSENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'k', 'absent')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

const TOMBSTONE = `
local kind = redis.call('HGET', KEYS[1], 'k')
if (kind == 'hit' or kind == 'tomb') and tonumber(redis.call('HGET', KEYS[1], 'v')) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'k', 'tomb', 'v', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

interface CacheScripts {
  profileSetIfNewer(key: string, version: number, data: string, ttlMs: number): Promise<number>;
  profileSetAbsent(key: string, ttlMs: number): Promise<number>;
  profileTombstone(key: string, version: number, ttlMs: number): Promise<number>;
}

export type CacheResult = 'hit' | 'miss' | 'error' | 'fallback';

export interface RedisProfileCacheOptions {
  readonly namespace: string;
  readonly ttlMs: number;
  readonly absentTtlMs: number;
  /** Counts each lookup's outcome; `fallback` when the breaker is open and Redis is not asked. */
  readonly onResult?: (result: CacheResult) => void;
}

const encode = (p: Profile) => JSON.stringify(p.toSnapshot());
function decode(data: string): Profile {
  const s = JSON.parse(data) as ProfileSnapshot & Record<'createdAt' | 'updatedAt' | 'deletedAt', string | null>;
  return Profile.fromSnapshot({
    ...s,
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
    deletedAt: s.deletedAt === null ? null : new Date(s.deletedAt),
  });
}

export class RedisProfileCache implements ProfileCache {
  private generation = 0;
  private readonly invalidationFailureListeners: ((error: unknown) => void)[] = [];

  constructor(
    private readonly redis: RedisClient,
    private readonly guard: Guard,
    private readonly options: RedisProfileCacheOptions,
  ) {
    redis.defineCommand('profileSetIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
    redis.defineCommand('profileSetAbsent', { numberOfKeys: 1, lua: SET_ABSENT });
    redis.defineCommand('profileTombstone', { numberOfKeys: 1, lua: TOMBSTONE });
  }

  /** Calls `listener` when an invalidation could not be written to Redis (the coordinator then starts a new generation). */
  whenInvalidationFails(listener: (error: unknown) => void): void {
    this.invalidationFailureListeners.push(listener);
  }

  /** The key that holds the current generation number. */
  get generationKey(): string {
    return `${this.options.namespace}:v1:generation`;
  }

  /** Switches to another generation's keys (read at connect, or announced by another instance). */
  useGeneration(generation: number): void {
    this.generation = generation;
  }

  async get(id: string): Promise<CacheLookup> {
    try {
      return this.lookupOf(await this.guard.run(() => this.redis.hgetall(this.key(id)), { idempotent: true }));
    } catch {
      this.options.onResult?.(this.guard.state === 'open' ? 'fallback' : 'error');
      return { kind: 'miss' };
    }
  }

  /**
   * Every entry at once, one guarded call; a failure is a miss for all. The commands are sent
   * in one tick: ioredis pipelines them, one round trip per server (a Cluster's keys live on
   * several, which one explicit pipeline could not span).
   */
  async getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>> {
    if (ids.length === 0) return new Map();
    try {
      const entries = await this.guard.run(() => Promise.all(ids.map((id) => this.redis.hgetall(this.key(id)))), { idempotent: true });
      return new Map(ids.map((id, i) => [id, this.lookupOf(entries[i] ?? {})]));
    } catch {
      const result = this.guard.state === 'open' ? 'fallback' : 'error';
      for (const _ of ids) this.options.onResult?.(result);
      return new Map(ids.map((id) => [id, { kind: 'miss' }]));
    }
  }

  private lookupOf(entry: Record<string, string>): CacheLookup {
    if (entry['k'] === 'hit' && entry['d'] !== undefined) {
      this.options.onResult?.('hit');
      return { kind: 'hit', profile: decode(entry['d']) };
    }
    this.options.onResult?.(entry['k'] === 'absent' ? 'hit' : 'miss');
    return entry['k'] === 'absent' ? { kind: 'absent' } : { kind: 'miss' };
  }

  set(profile: Profile): Promise<void> {
    return this.write(false, (s) => s.profileSetIfNewer(this.key(profile.id), profile.version, encode(profile), this.options.ttlMs));
  }

  setAbsent(id: string): Promise<void> {
    return this.write(false, (s) => s.profileSetAbsent(this.key(id), this.options.absentTtlMs));
  }

  invalidate(id: string, committedVersion: number): Promise<void> {
    return this.write(true, (s) => s.profileTombstone(this.key(id), committedVersion, this.options.ttlMs));
  }

  /** Every tombstone at once (pipelined per server, as in getMany), one guarded call. */
  invalidateMany(committed: readonly CommittedVersion[]): Promise<void> {
    return this.write(true, async (scripts) => {
      const placed = await Promise.all(
        committed.map(({ id, version }) => scripts.profileTombstone(this.key(id), version, this.options.ttlMs)),
      );
      return placed.length;
    });
  }

  private key(id: string): string {
    return `${this.options.namespace}:v1:g${this.generation}:profile:${id}`;
  }

  /** A failed fill only costs a miss later; a failed invalidation may leave a stale entry, so it is reported. */
  private async write(isInvalidation: boolean, command: (scripts: CacheScripts) => Promise<number>): Promise<void> {
    try {
      await this.guard.run(() => command(this.redis as unknown as CacheScripts), { idempotent: false });
    } catch (error) {
      if (isInvalidation) for (const listener of this.invalidationFailureListeners) listener(error);
    }
  }
}
