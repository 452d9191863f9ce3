import type { IdempotencyOutcome, IdempotencyStore, IdempotentRequest, StoredResponse } from '../dependencies/idempotency-store.js';
import type { Clock } from '../../domain/ports/clock.js';

interface Record {
  fingerprint: string;
  expiresAt: number;
  response?: StoredResponse;
}

/** Keys in process: the request and its key live and die with the process together. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, Record>();

  constructor(private readonly clock: Clock) {}

  async handle({ key, fingerprint, ttlMs }: IdempotentRequest, handle: () => Promise<StoredResponse | null>): Promise<IdempotencyOutcome> {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const found = this.records.get(key);
    if (found) {
      if (found.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      return found.response ? { outcome: 'replay', response: found.response } : { outcome: 'in_progress' };
    }
    const record: Record = { fingerprint, expiresAt: now + ttlMs };
    this.records.set(key, record);
    let response: StoredResponse | null = null;
    try {
      response = await handle();
    } finally {
      if (response === null) this.records.delete(key);
      else record.response = response;
    }
    return { outcome: 'handled' };
  }

  /** Drops expired records; a Map iterates in insertion order, which is expiry order for one TTL. */
  private sweep(now: number): void {
    for (const [key, record] of this.records) {
      if (record.expiresAt > now) break;
      this.records.delete(key);
    }
  }
}
