import pg from 'pg';
import { assertStillWanted, isDatabaseFailure, type SqlDriver, type SqlExecutor, type SqlResult, type TransactionOptions } from './sql.js';

export interface PgSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** Replicas for lag-tolerant reads, as host or host:port. */
  readonly readHosts: readonly string[];
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

export interface PoolErrorListener {
  (error: Error, pool: 'primary' | 'replica'): void;
}

function poolConfig(s: PgSettings, host: string, port: number): pg.PoolConfig {
  return {
    host, port, user: s.user, database: s.database,
    ...(s.password !== undefined ? { password: s.password } : {}),
    max: s.poolMax,
    connectionTimeoutMillis: s.connectTimeoutMs,
    idleTimeoutMillis: s.idleTimeoutMs,
    // The server stops the statement; the client gives up a little later if the server cannot.
    statement_timeout: s.statementTimeoutMs,
    query_timeout: s.statementTimeoutMs + 500,
    application_name: 'profile-service',
  };
}

const executor = (pool: pg.Pool | pg.PoolClient): SqlExecutor => ({
  async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await pool.query(text, params as unknown[]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  },
  async runScript(sql: string): Promise<void> {
    // Without parameters node-postgres uses the simple protocol, which takes several statements.
    await pool.query(sql);
  },
});

/** PostgreSQL through node-postgres pools: one primary, and optional read replicas. */
export class PgDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replica: SqlExecutor;
  private readonly pools: pg.Pool[];
  private readonly primaryPool: pg.Pool;
  private next = 0;

  constructor(settings: PgSettings, onPoolError: PoolErrorListener) {
    this.primaryPool = new pg.Pool(poolConfig(settings, settings.host, settings.port));
    const replicas = settings.readHosts.map((address) => {
      const [host, port] = address.split(':');
      return new pg.Pool(poolConfig(settings, host!, port ? Number(port) : settings.port));
    });
    // An idle client that dies (server restart, network cut) emits 'error' on its pool;
    // unheard, it would crash the process.
    this.primaryPool.on('error', (error) => onPoolError(error, 'primary'));
    for (const pool of replicas) pool.on('error', (error) => onPoolError(error, 'replica'));
    this.pools = [this.primaryPool, ...replicas];
    this.primary = executor(this.primaryPool);
    const replicaExecutors = replicas.map(executor);
    this.replica = replicaExecutors.length === 0 ? this.primary : {
      query: async <R>(text: string, params?: readonly unknown[]) => {
        const chosen = replicaExecutors[this.next++ % replicaExecutors.length]!;
        try {
          return await chosen.query<R>(text, params);
        } catch (error) {
          if (!isDatabaseFailure(error)) throw error;
          return this.primary.query<R>(text, params);
        }
      },
      runScript: (sql: string) => this.primary.runScript(sql),
    };
  }

  /** Pool sizes, for metrics. */
  poolStats(): { total: number; idle: number; waiting: number } {
    const p = this.primaryPool;
    return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
  }

  async session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.primaryPool.connect();
    const broken = watch(client);
    try {
      return await work(executor(client));
    } finally {
      client.release(broken.error());
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.end()));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, { deadline }: TransactionOptions = {}): Promise<T> {
    const client = await this.primaryPool.connect();
    const broken = watch(client);
    let rollbackFailure: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(executor(client));
      assertStillWanted(deadline);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (rollbackFailure = rollbackError));
      throw error;
    } finally {
      // A client whose connection died or whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken.error() ?? rollbackFailure);
    }
  }
}

/**
 * Listens for the death of a checked-out client's connection: the pool hears only idle
 * clients, and an 'error' nobody hears crashes the process. The failing query rejects anyway.
 */
function watch(client: pg.PoolClient): { error(): Error | undefined } {
  let failure: Error | undefined;
  const listener = (error: Error) => (failure = error);
  client.on('error', listener);
  return {
    error() {
      client.off('error', listener);
      return failure;
    },
  };
}
