import { v5, v7 } from 'uuid';
import type { IdGenerator } from '../../domain/ports/id-generator.js';

/** The namespace of derived ids (a fixed, random UUID). */
const DERIVED = '5b0f3c3e-8d7a-4c1e-9a57-2f3b9c6d1e40';

/** UUIDv7: time-ordered, so new rows land at the end of a B-tree index instead of all over it. */
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    return v7();
  }

  derive(seed: string): string {
    return v5(seed, DERIVED);
  }
}
