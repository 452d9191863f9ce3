// An in-process task queue with the broker's delivery semantics: at least once, delayed
// delivery, redelivery after a failed handler, dead letters. Timers are unref'd so they never
// keep a process alive. Messages die with the process; the queue says so (`durable: false`),
// and the relay of the next process hands every unfinished task to it again.
import type { Settlement, TaskConsumer, TaskHandler, TaskMessage, TaskQueue } from '../../domain/ports/task-queue.js';

export interface MemoryTaskQueueOptions {
  /** How long a message whose handler threw waits before it is delivered again. */
  readonly redeliveryDelayMs: number;
}

export class MemoryTaskQueue implements TaskQueue {
  readonly durable = false;
  /** Messages given up on (settled `dead`), oldest first. */
  readonly deadLetters: TaskMessage[] = [];
  private readonly ready: TaskMessage[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly consumers: MemoryConsumer[] = [];
  private turn = 0;

  constructor(private readonly options: MemoryTaskQueueOptions = { redeliveryDelayMs: 1000 }) {}

  publish(message: TaskMessage, options: { readonly delayMs?: number } = {}): Promise<void> {
    this.enqueueAfter(message, options.delayMs ?? 0);
    return Promise.resolve();
  }

  consume(handler: TaskHandler): Promise<TaskConsumer> {
    const consumer = new MemoryConsumer(
      handler,
      (message, settlement) => this.settle(message, settlement),
      () => {
        this.consumers.splice(this.consumers.indexOf(consumer), 1);
      },
    );
    this.consumers.push(consumer);
    this.dispatch();
    return Promise.resolve(consumer);
  }

  private settle(message: TaskMessage, settlement: Settlement | 'threw'): void {
    if (settlement === 'threw') this.enqueueAfter(message, this.options.redeliveryDelayMs);
    else if (settlement.outcome === 'retry') this.enqueueAfter(message, settlement.delayMs);
    else if (settlement.outcome === 'dead') this.deadLetters.push(message);
  }

  private enqueueAfter(message: TaskMessage, delayMs: number): void {
    if (delayMs <= 0) {
      this.ready.push(message);
      queueMicrotask(() => this.dispatch());
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueueAfter(message, 0);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Hands ready messages to consumers in turn. */
  private dispatch(): void {
    while (this.ready.length > 0 && this.consumers.length > 0) {
      const consumer = this.consumers[this.turn++ % this.consumers.length]!;
      consumer.deliver(this.ready.shift()!);
    }
  }
}

class MemoryConsumer implements TaskConsumer {
  private readonly inHand = new Set<Promise<void>>();

  constructor(
    private readonly handler: TaskHandler,
    private readonly settle: (message: TaskMessage, settlement: Settlement | 'threw') => void,
    private readonly detach: () => void,
  ) {}

  deliver(message: TaskMessage): void {
    const settled = this.handler(message)
      .then(
        (settlement) => this.settle(message, settlement),
        () => this.settle(message, 'threw'),
      )
      .finally(() => this.inHand.delete(settled));
    this.inHand.add(settled);
  }

  async stop(): Promise<void> {
    this.detach();
    await Promise.all(this.inHand);
  }
}
