// A bound on how many of one kind of expensive call run at once (searches): the others wait
// their turn in a short queue, and beyond it are refused at once as unavailable (503 with
// Retry-After), so that a flood of them cannot take the database from every other request.
import { DependencyUnavailableError } from '../../domain/errors.js';

export interface BulkheadSettings {
  /** What is bounded, as errors and logs name it ("search"). */
  readonly name: string;
  readonly maxConcurrent: number;
  /** Calls that may wait for a turn; one more is refused. */
  readonly maxQueued: number;
  readonly retryAfterSeconds: number;
}

export class Bulkhead {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly settings: BulkheadSettings) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.settings.maxConcurrent) {
      if (this.waiting.length >= this.settings.maxQueued) {
        throw new DependencyUnavailableError(this.settings.name, this.settings.retryAfterSeconds, {
          cause: new Error(`${this.settings.maxConcurrent} running and ${this.settings.maxQueued} waiting already`),
        });
      }
      // The turn is handed over by the call that ends, without the count ever dropping.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
