// Embedded PostgreSQL (PGlite) behind the SqlDriver seam. The database runs on a thread of
// its own (pglite-thread.ts), so its WebAssembly never stalls the event loop; this side sends
// statements and keeps PGlite's one-connection semantics: one statement, transaction or
// session at a time. With a directory, the directory is locked for the life of the process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lockDirectory, type DirectoryLock } from './directory-lock.js';
import type { PgliteThreadData, Reply, Request, SerializedError } from './pglite-protocol.js';
import { assertStillWanted, type SqlDriver, type SqlExecutor, type SqlResult, type TransactionOptions } from './sql.js';

/** The embedded database is gone (its thread failed or exited): a dependency failure, like a lost connection. */
export class EmbeddedDatabaseError extends Error {
  readonly code = 'EMBEDDED_DATABASE_DOWN';
}

export interface PgliteOptions {
  /** Where the cluster lives; in memory when absent (tests). */
  readonly directory?: string;
  /** A tarball of a fresh cluster that seeds an empty directory (default: the one `npm run build` makes). */
  readonly templatePath?: string;
  /** Called if the directory lock is lost to another process while running. */
  readonly onLockLost?: (error: Error) => void;
  /** Called if the database's thread dies while it is open (not on close): nothing can bring it back. */
  readonly onStopped?: (error: Error) => void;
}

type Answer = Extract<Reply, { kind: 'result' | 'dump' }>;
type Pending = { resolve: (reply: Answer) => void; reject: (error: Error) => void };

/** A PostgreSQL error as it came from the thread, with the members the adapters read (code, constraint...). */
function revive(error: SerializedError): Error {
  return Object.assign(new Error(error.message), error);
}

/**
 * Serializes use of the one connection: each statement outside a transaction, each
 * transaction and each session holds it from start to end.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The fresh, migrated cluster that `npm run build` leaves beside the compiled driver (pglite-template.ts). */
export const TEMPLATE_PATH = fileURLToPath(new URL('./pglite-template.tar.gz', import.meta.url));

// Compiled, the thread is a sibling .js file. Run from the TypeScript sources (tests, `npm run
// dev`), it is a .ts file, and a thread does not inherit the loader that runs TypeScript: a
// two-line bootstrap registers tsx in the thread first.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const THREAD_URL = new URL(FROM_SOURCES ? './pglite-thread.ts' : './pglite-thread.js', import.meta.url);

function startThread(workerData: PgliteThreadData): Worker {
  if (!FROM_SOURCES) return new Worker(THREAD_URL, { workerData });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(THREAD_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class PgliteDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  /** One embedded database: no replicas. */
  readonly replicas = [];
  /** Resolves once the database is open; whether it was seeded from the template. */
  readonly opened: Promise<{ seeded: boolean }>;

  private readonly worker: Worker;
  private readonly lock: DirectoryLock | null;
  private readonly pending = new Map<number, Pending>();
  private readonly connection = new Mutex();
  private nextId = 1;
  private down: EmbeddedDatabaseError | undefined;
  private closing: Promise<void> | undefined;

  /**
   * Locks the directory (throws DirectoryLockedError at once when another process holds it)
   * and starts opening the database on its thread; statements wait until it is open.
   */
  constructor(options: PgliteOptions = {}) {
    this.lock =
      options.directory === undefined ? null : lockDirectory(options.directory, { onLost: options.onLockLost ?? (() => undefined) });
    const template = options.templatePath ?? TEMPLATE_PATH;
    const data: PgliteThreadData = {
      ...(options.directory !== undefined ? { directory: options.directory } : {}),
      // Without one (a build that skipped it), PGlite runs initdb: slower, same result.
      ...(existsSync(template) ? { templatePath: template } : {}),
    };
    this.worker = startThread(data);
    let opened!: (value: { seeded: boolean }) => void;
    let failed!: (error: Error) => void;
    this.opened = new Promise((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // Callers see the failure through their statements; this keeps it from being unhandled.
    this.opened.catch(() => undefined);
    this.worker.on('message', (reply: Reply) => {
      switch (reply.kind) {
        case 'ready':
          opened({ seeded: reply.seeded });
          return;
        case 'failed':
          failed(revive(reply.error));
          return;
        default: {
          const waiting = this.pending.get(reply.id);
          this.pending.delete(reply.id);
          if (reply.kind === 'error') waiting?.reject(revive(reply.error));
          else waiting?.resolve(reply);
        }
      }
    });
    const stop = (reason: string) => {
      if (this.down) return;
      this.down = new EmbeddedDatabaseError(`The embedded database stopped: ${reason}`);
      if (!this.closing) options.onStopped?.(this.down);
      failed(this.down);
      for (const waiting of this.pending.values()) waiting.reject(this.down);
      this.pending.clear();
    };
    this.worker.on('error', (error) => stop(error.message));
    this.worker.on('exit', (code) => stop(`its thread exited with code ${code}`));
    this.primary = this.executor(true);
  }

  /** Opens a driver and waits until its database is open (tests and tools). */
  static async open(options: PgliteOptions = {}): Promise<PgliteDriver> {
    const driver = new PgliteDriver(options);
    await driver.opened;
    return driver;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, { deadline, committing }: TransactionOptions = {}): Promise<T> {
    return this.connection.run(async () => {
      const tx = this.executor(false);
      await tx.query('BEGIN');
      let result: T;
      try {
        result = await work(tx);
        assertStillWanted(deadline);
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      committing?.();
      await tx.query('COMMIT');
      return result;
    });
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.connection.run(() => work(this.executor(false)));
  }

  /** The whole cluster as a gzipped tarball (what seeds a fresh directory). */
  async dump(): Promise<Uint8Array> {
    const reply = await this.connection.run(() => this.send({ id: this.nextId++, op: 'dump' }));
    if (reply.kind !== 'dump') throw new Error('the embedded database answered a dump with something else');
    return reply.tarball;
  }

  /** Says, to a process that finds the directory locked, that this one is stopping (and lets go soon). */
  stopping(): void {
    this.lock?.markStopping();
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      if (!this.down) {
        await this.connection.run(() => this.send({ id: this.nextId++, op: 'close' })).catch(() => undefined);
      }
      await this.worker.terminate();
      await this.lock?.release();
    })());
  }

  /** Statements on the connection: each taking it in turn (`exclusive`), or inside a holder of it. */
  private executor(exclusive: boolean): SqlExecutor {
    const run = <R>(request: Request): Promise<SqlResult<R>> => {
      const send = () => this.send(request) as Promise<unknown> as Promise<SqlResult<R>>;
      return exclusive ? this.connection.run(send) : send();
    };
    return {
      query: <R>(sql: string, params: readonly unknown[] = []) => run<R>({ id: this.nextId++, op: 'query', sql, params }),
      runScript: async (sql: string) => {
        await run({ id: this.nextId++, op: 'exec', sql });
      },
    };
  }

  private async send(request: Request): Promise<Answer> {
    await this.opened;
    if (this.down) throw this.down;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }
}
