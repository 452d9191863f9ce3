import { v7 } from 'uuid';
import type { IdGenerator } from '../../domain/ports/id-generator.js';

/** UUIDv7: time-ordered, so new rows land at the end of a B-tree index instead of all over it. */
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    return v7();
  }
}
