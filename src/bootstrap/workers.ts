// The asynchronous side of a process: the outbox relay's polling loop and the task consumer.
// The server runs them unless WORKER_ENABLED=false; `npm run worker` runs nothing else.
import type { Container } from 'inversify';
import type { TaskConsumer, TaskQueue } from '../domain/ports/task-queue.js';
import { RelayOutbox } from '../application/tasks/relay-outbox.js';
import { RunTask } from '../application/tasks/run-task.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { Config } from './config.js';
import type { Queueing } from './queue.js';
import { QUEUEING } from './tokens.js';

/** The longest the relay waits between passes while the queue is unreachable. */
const MAX_RELAY_BACKOFF_MS = 1000;

export interface Workers {
  /** Stops relaying, stops taking messages, and waits for the tasks in hand to settle. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  readonly queue: TaskQueue;
  readonly relay: RelayOutbox;
  readonly runTask: RunTask;
  readonly relayIntervalMs: number;
  /** Whether to consume tasks here, or only relay them. */
  readonly consume: boolean;
  readonly log: Logger;
}

/** The workers of a process, wired from its container (the server's, or `npm run worker`'s). */
export function startProcessWorkers(container: Container, config: Config, log: Logger, consume: boolean): Promise<Workers> {
  return startWorkers({
    queue: container.get<Queueing>(QUEUEING).queue, relay: container.get(RelayOutbox), runTask: container.get(RunTask),
    relayIntervalMs: config.tasks.relayIntervalMs, consume, log,
  });
}

export async function startWorkers(options: WorkerOptions): Promise<Workers> {
  const relay = new RelayLoop(options.relay, options.relayIntervalMs, options.log);
  let consumer: TaskConsumer | undefined;
  if (options.consume) {
    consumer = await options.queue.consume((message) => options.runTask.execute(message));
    options.log.info({ step: 'worker' }, 'consuming tasks');
  }
  return {
    async stop() {
      await relay.stop();
      await consumer?.stop();
    },
  };
}

/** Runs relay passes: back to back while there is a backlog, every interval otherwise, slower while failing. */
class RelayLoop {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly relay: RelayOutbox,
    private readonly intervalMs: number,
    private readonly log: Logger,
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
      if (this.failures > 0) this.log.info({ step: 'relay', after: this.failures }, 'outbox relay recovered');
      this.failures = 0;
      this.schedule(published > 0 ? 0 : this.intervalMs);
    } catch (error) {
      // Tasks wait in the database meanwhile; log the first failure and then every tenth.
      if (this.failures++ % 10 === 0) this.log.warn({ err: error, step: 'relay', failures: this.failures }, 'outbox relay pass failed; tasks wait in the database');
      // Capped low: once the queue is back, the backlog moves within a second.
      this.schedule(Math.min(this.intervalMs * 2 ** Math.min(this.failures, 5), MAX_RELAY_BACKOFF_MS));
    }
  }
}
