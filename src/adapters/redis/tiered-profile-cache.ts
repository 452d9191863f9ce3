// Two cache tiers behind one port: a short-lived in-process L1 in front of a shared L2.
// Reads fill L1 from L2; writes invalidate both and tell the other instances.
import type { CacheLookup, CommittedVersion, ProfileCache } from '../../domain/ports/profile-cache.js';
import type { Profile } from '../../domain/profile/profile.js';

/** What the tiers need from the channel between instances. */
export interface InvalidationChannel {
  announceInvalidation(id: string, version: number): Promise<void>;
  announceInvalidations(committed: readonly CommittedVersion[]): Promise<void>;
}

export type TierResult = 'hit' | 'miss';

export class TieredProfileCache implements ProfileCache {
  constructor(
    private readonly l1: ProfileCache,
    private readonly l2: ProfileCache,
    private readonly channel: InvalidationChannel,
    private readonly onL1Result?: (result: TierResult) => void,
  ) {}

  async get(id: string): Promise<CacheLookup> {
    const local = await this.l1.get(id);
    this.onL1Result?.(local.kind === 'miss' ? 'miss' : 'hit');
    if (local.kind !== 'miss') return local;
    const shared = await this.l2.get(id);
    await this.fillL1(id, shared);
    return shared;
  }

  /** What L2 knew, kept in L1 too. */
  private async fillL1(id: string, shared: CacheLookup): Promise<void> {
    if (shared.kind === 'hit') await this.l1.set(shared.profile);
    else if (shared.kind === 'absent') await this.l1.setAbsent(id);
  }

  /** One lookup in L1, one round trip to L2 for what L1 lacks; what L2 had fills L1. */
  async getMany(ids: readonly string[]): Promise<ReadonlyMap<string, CacheLookup>> {
    const lookups = new Map(await this.l1.getMany(ids));
    const missed = ids.filter((id) => lookups.get(id)?.kind === 'miss');
    for (const lookup of lookups.values()) this.onL1Result?.(lookup.kind === 'miss' ? 'miss' : 'hit');
    if (missed.length === 0) return lookups;
    const shared = await this.l2.getMany(missed);
    for (const [id, lookup] of shared) lookups.set(id, lookup);
    await Promise.all([...shared].map(([id, lookup]) => this.fillL1(id, lookup)));
    return lookups;
  }

  async set(profile: Profile): Promise<void> {
    await Promise.all([this.l1.set(profile), this.l2.set(profile)]);
  }

  async setAbsent(id: string): Promise<void> {
    await Promise.all([this.l1.setAbsent(id), this.l2.setAbsent(id)]);
  }

  async invalidate(id: string, committedVersion: number): Promise<void> {
    await Promise.all([
      this.l1.invalidate(id, committedVersion),
      this.l2.invalidate(id, committedVersion),
      this.channel.announceInvalidation(id, committedVersion),
    ]);
  }

  async invalidateMany(committed: readonly CommittedVersion[]): Promise<void> {
    if (committed.length === 0) return;
    await Promise.all([
      this.l1.invalidateMany(committed),
      this.l2.invalidateMany(committed),
      this.channel.announceInvalidations(committed),
    ]);
  }
}
