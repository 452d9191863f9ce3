import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './idempotency-store.js';
import type { Clock } from '../../domain/ports/clock.js';

interface Record {
  fingerprint: string;
  expiresAt: number;
  response?: StoredResponse;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, Record>();

  constructor(private readonly clock: Clock) {}

  claim(key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyClaim> {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const record = this.records.get(key);
    if (!record) {
      this.records.set(key, { fingerprint, expiresAt: now + ttlMs });
      return Promise.resolve({ outcome: 'claimed' });
    }
    if (record.fingerprint !== fingerprint) return Promise.resolve({ outcome: 'mismatch' });
    if (!record.response) return Promise.resolve({ outcome: 'in_progress' });
    return Promise.resolve({ outcome: 'replay', response: record.response });
  }

  complete(key: string, response: StoredResponse): Promise<void> {
    const record = this.records.get(key);
    if (record) record.response = response;
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    this.records.delete(key);
    return Promise.resolve();
  }

  /** Drops expired records; a Map iterates in insertion order, which is expiry order for one TTL. */
  private sweep(now: number): void {
    for (const [key, record] of this.records) {
      if (record.expiresAt > now) break;
      this.records.delete(key);
    }
  }
}
