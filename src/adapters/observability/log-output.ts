// Where log lines go: a file descriptor (stdout), through a bounded buffer that sonic-boom
// writes asynchronously, in batches, off the event loop. A reader that falls behind (a stalled
// log shipper, a full pipe) costs at most the bound: lines past it are dropped and counted, and
// one line tells how many once writing works again. A reader that is gone (`| head`, a shipper
// that exited) costs nothing: its EPIPE is noted, never thrown, and every later line is counted
// as dropped.
// A CommonJS module: its class is a property of the default export.
import sonicBoom, { type SonicBoom } from 'sonic-boom';

export interface LogOutputOptions {
  /** 1 for stdout. */
  readonly fd: number;
  /** Bytes held while the reader is behind (LOG_BUFFER_BYTES); lines beyond are dropped. */
  readonly maxBufferedBytes: number;
}

/** How a flush ended: everything written, the deadline passed with lines still held, no reader left, or a write failed. */
export type FlushOutcome = 'flushed' | 'timed out' | 'reader gone' | 'failed';

/** Write errors after which nothing written to the descriptor can ever arrive. */
const READER_GONE = new Set(['EPIPE', 'EBADF', 'ECONNRESET']);

export class LogOutput {
  readonly #sink: SonicBoom;
  #readerGone = false;
  #dropped = 0;
  #droppedUntold = 0;
  #onResumed: (dropped: number) => void = () => undefined;

  constructor({ fd, maxBufferedBytes }: LogOutputOptions) {
    this.#sink = new sonicBoom.SonicBoom({ fd, maxLength: maxBufferedBytes });
    this.#sink.on('drop', () => this.#drop());
    this.#sink.on('error', (error: NodeJS.ErrnoException) => {
      // Other errors (a full disk) leave the lines held: the next line tries again.
      if (READER_GONE.has(error.code ?? '')) this.#readerGone = true;
    });
    this.#sink.on('write', (written: number) => {
      if (written === 0 || this.#droppedUntold === 0) return;
      const dropped = this.#droppedUntold;
      this.#droppedUntold = 0;
      // Told after sonic-boom's own bookkeeping of this write is done.
      setImmediate(() => this.#onResumed(dropped));
    });
  }

  /** One serialized line (bunyan's stream interface). Never blocks and never throws. */
  write(line: string): boolean {
    if (this.#readerGone) this.#drop();
    else this.#sink.write(line);
    return true;
  }

  /** Lines dropped since start: the reader was too far behind, or gone. */
  get droppedLines(): number {
    return this.#dropped;
  }

  /** Called once writing works again after lines were dropped, with how many were. */
  onResumed(listener: (dropped: number) => void): void {
    this.#onResumed = listener;
  }

  /**
   * Writes every line held, for a process about to exit. Resolves by `timeoutMs` at the
   * latest: a reader that stopped reading cannot hold the exit.
   */
  flush(timeoutMs: number): Promise<FlushOutcome> {
    if (this.#readerGone) return Promise.resolve('reader gone');
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timed out'), timeoutMs);
      timer.unref();
      this.#sink.flush((error?: Error) => {
        clearTimeout(timer);
        if (error === undefined || error === null) resolve('flushed');
        else resolve(this.#readerGone ? 'reader gone' : 'failed');
      });
    });
  }

  #drop(): void {
    this.#dropped += 1;
    this.#droppedUntold += 1;
  }
}
