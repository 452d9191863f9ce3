// The loop that relays an outbox (tasks to the queue, events to the exchange) while the
// process runs.
import type { Logger } from '../observability/logger.js';
import { RELAY } from '../settings/tunables.js';

/** Runs relay passes: back to back while there is a backlog, every interval otherwise, slower while failing. */
export class RelayLoop {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly relay: { execute(): Promise<number> },
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** What it relays (tasks, events), for its log lines. */
    private readonly what: 'tasks' | 'events',
  ) {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    try {
      const published = await this.relay.execute();
      if (this.failures > 0) this.log.info({ step: 'relay', relaying: this.what, after: this.failures }, 'outbox relay recovered');
      this.failures = 0;
      this.schedule(published > 0 ? 0 : this.intervalMs);
    } catch (error) {
      // Tasks and events wait in the database meanwhile; log the first failure and then every tenth.
      if (this.failures++ % 10 === 0)
        this.log.warn(
          { err: error, step: 'relay', relaying: this.what, failures: this.failures },
          `outbox relay pass failed; ${this.what} wait in the database`,
        );
      // Capped low: once the queue is back, the backlog moves within a second.
      this.schedule(Math.min(this.intervalMs * 2 ** Math.min(this.failures, 5), RELAY.maxBackoffMs));
    }
  }
}
