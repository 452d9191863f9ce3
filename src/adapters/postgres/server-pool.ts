// One PostgreSQL server's node-postgres pool, kept fit for a server that can move, turn
// read-only or restart under it (a managed database's failover or switchover):
// - a connection that failed mid-use, or met a server gone astray (read-only, shutting down),
//   is destroyed, never handed out again;
// - once the server has gone astray, the whole pool is replaced: its other connections lead
//   to the same server, and a moved endpoint is then followed by fresh connections;
// - the primary's new connections refuse a read-only server, so writes never land on a standby;
// - connections end after a maximum lifetime (pg-pool's), for endpoints that move quietly;
// - DB_SSL_MODE=prefer falls back to plain TCP when the server offers no TLS, as libpq does.
import pg from 'pg';
import { refusalOf } from './connection-refusal.js';
import { isTlsRefused } from './pg-tls.js';
import { ReadOnlyServerError, isDatabaseFailure, isServerAnswer, isServerGoneAstray } from './sql.js';

export type PoolRole = 'primary' | 'replica';

export type PoolEvent =
  /** An idle connection failed (a restart, a cut): the pool dropped it. */
  | { readonly kind: 'idle-error'; readonly role: PoolRole; readonly address: string; readonly error: Error }
  /** The server went astray: every connection to it is dropped, new ones are made. */
  | { readonly kind: 'recycled'; readonly role: PoolRole; readonly address: string; readonly reason: string }
  /** DB_SSL_MODE=prefer and the server offers no TLS (or, after that, requires it again). */
  | { readonly kind: 'tls-fallback'; readonly role: PoolRole; readonly address: string; readonly tls: boolean };

export type PoolListener = (event: PoolEvent) => void;

export interface ServerPoolOptions {
  readonly role: PoolRole;
  readonly address: string;
  /** node-postgres's settings for every connection of this pool. */
  readonly config: pg.PoolConfig;
  /** Whether TLS is only preferred: then a server without it is reached over plain TCP. */
  readonly preferTls: boolean;
  readonly listener: PoolListener;
}

const READ_ONLY_CHECK = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only";

/** Whether an error leaves its connection unfit for reuse: broken, timed out, or on a server gone astray. */
const unfit = (error: unknown) => isServerGoneAstray(error) || (isDatabaseFailure(error) && !isServerAnswer(error));

export class ServerPool {
  private pool: pg.Pool;
  private plain = false;
  private readonly retiring = new Set<Promise<void>>();

  constructor(private readonly options: ServerPoolOptions) {
    this.pool = this.open();
  }

  get address(): string {
    return this.options.address;
  }

  stats(): { total: number; idle: number; waiting: number } {
    const p = this.pool;
    return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
  }

  /**
   * Runs `work` on one connection of the pool. The connection goes back to the pool unless the
   * work failed in a way that leaves it unfit, or `discard` was called (a failed rollback).
   */
  async use<T>(work: (client: pg.PoolClient, discard: (reason: Error) => void) => Promise<T>): Promise<T> {
    const pool = this.pool;
    const client = await this.checkout(pool, true);
    const watched = watch(client);
    let discarded: Error | undefined;
    try {
      return await work(client, (reason) => (discarded = reason));
    } catch (error) {
      if (unfit(error)) discarded ??= error instanceof Error ? error : new Error(String(error));
      if (isServerGoneAstray(error)) this.recycle(pool, error);
      throw error;
    } finally {
      client.release(watched.stop() ?? discarded);
    }
  }

  async close(): Promise<void> {
    this.retire(this.pool);
    await Promise.all(this.retiring);
  }

  private async checkout(pool: pg.Pool, mayRetry: boolean): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (error) {
      // Once: on the new pool after a switch of TLS, or when another failure replaced the pool meanwhile.
      if (mayRetry && (pool !== this.pool || this.switchedTls(pool, error))) return this.checkout(this.pool, false);
      // A new connection that found the primary read-only: the idle ones lead there too.
      if (isServerGoneAstray(error)) this.recycle(pool, error);
      throw error;
    }
  }

  /** DB_SSL_MODE=prefer: plain TCP once the server says it has no TLS; TLS again once it requires it. */
  private switchedTls(pool: pg.Pool, error: unknown): boolean {
    if (!this.options.preferTls || pool !== this.pool) return false;
    const toPlain = !this.plain && isTlsRefused(error);
    const toTls = this.plain && refusalOf(error) === 'tls-required';
    if (!toPlain && !toTls) return false;
    this.plain = toPlain;
    this.options.listener({ kind: 'tls-fallback', role: this.options.role, address: this.options.address, tls: !this.plain });
    this.replace(pool);
    return true;
  }

  private recycle(pool: pg.Pool, reason: unknown): void {
    if (pool !== this.pool) return;
    this.options.listener({
      kind: 'recycled',
      role: this.options.role,
      address: this.options.address,
      reason: String((reason as Error).message ?? reason),
    });
    this.replace(pool);
  }

  private replace(pool: pg.Pool): void {
    this.pool = this.open();
    this.retire(pool);
  }

  /** Ends a pool: its idle connections now, each one in use when it is released. */
  private retire(pool: pg.Pool): void {
    const ended: Promise<void> = pool
      .end()
      .catch(() => undefined)
      .finally(() => this.retiring.delete(ended));
    this.retiring.add(ended);
  }

  private open(): pg.Pool {
    const { config, role, address, listener } = this.options;
    const pool = new pg.Pool({
      ...config,
      ...(this.plain ? { ssl: false } : {}),
      // pg-pool waits for the promise onConnect returns and drops the connection if it rejects; @types/pg says void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      ...(role === 'primary' ? { onConnect: refuseReadOnly(address) } : {}),
    });
    // An idle client that dies emits 'error' on its pool; unheard, it would crash the process.
    pool.on('error', (error) => listener({ kind: 'idle-error', role, address, error }));
    return pool;
  }
}

/** A new connection of the primary's pool: one round trip to make sure the server takes writes. */
function refuseReadOnly(address: string) {
  return async (client: pg.ClientBase): Promise<void> => {
    const { rows } = await client.query<{ read_only: boolean }>(READ_ONLY_CHECK);
    if (rows[0]?.read_only) throw new ReadOnlyServerError(address);
  };
}

/**
 * Listens for the death of a checked-out client's connection: the pool hears only idle
 * clients, and an 'error' nobody hears crashes the process. The failing query rejects anyway.
 */
function watch(client: pg.PoolClient): { stop(): Error | undefined } {
  let failure: Error | undefined;
  const listener = (error: Error) => (failure = error);
  client.on('error', listener);
  return {
    stop() {
      client.off('error', listener);
      return failure;
    },
  };
}
