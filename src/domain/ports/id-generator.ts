export interface IdGenerator {
  /** A new unique id (a UUID). */
  next(): string;
  /** The same UUID for the same seed, every time (an import line retried gets the id it had). */
  derive(seed: string): string;
}
