import type pg from 'pg';
import { tlsOptions, type TlsSettings } from './pg-tls.js';
import { ServerPool, type PoolListener, type PoolRole } from './server-pool.js';
import { assertStillWanted, type SqlDriver, type SqlExecutor, type SqlReplica, type SqlResult, type TransactionOptions } from './sql.js';

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
  /** A connection is closed after this long (none when unset), so that an endpoint that moved is followed. */
  readonly maxLifetimeMs?: number;
  /** TLS to the primary and every replica (plain TCP when unset). */
  readonly tls?: TlsSettings;
  /** The primary's sessions' synchronous_commit (the server's own when unset). */
  readonly synchronousCommit?: string;
  /** A replica's connect timeout and statement limit: the most a hung replica may cost a read (the read deadline when unset). */
  readonly replicaTimeoutMs?: number;
}

/** The client gives up on a statement this long after the server should have stopped it. */
const CLIENT_SLACK_MS = 500;

interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** A read host as configured (host or host:port; DB_READ_HOSTS takes no IPv6 literal). */
const endpointOf = (readHost: string, defaultPort: number): Endpoint => {
  const [host, port] = readHost.split(':');
  return { host: host!, port: port ? Number(port) : defaultPort };
};

function poolConfig(s: PgSettings, role: PoolRole, { host, port }: Endpoint): pg.PoolConfig {
  // A replica must fail fast enough for the read to go to the primary in time.
  const limit = (ms: number) => (role === 'replica' && s.replicaTimeoutMs !== undefined ? Math.min(ms, s.replicaTimeoutMs) : ms);
  const statementTimeoutMs = limit(s.statementTimeoutMs);
  return {
    host,
    port,
    user: s.user,
    database: s.database,
    ...(s.password !== undefined ? { password: s.password } : {}),
    ssl: s.tls ? tlsOptions(s.tls) : false,
    max: s.poolMax,
    connectionTimeoutMillis: limit(s.connectTimeoutMs),
    idleTimeoutMillis: s.idleTimeoutMs,
    ...(s.maxLifetimeMs ? { maxLifetimeSeconds: s.maxLifetimeMs / 1000 } : {}),
    // The server stops the statement; the client gives up a little later if the server cannot.
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + CLIENT_SLACK_MS,
    application_name: 'profile-service',
    // Set at connection start: no round trip of its own.
    ...(role === 'primary' && s.synchronousCommit !== undefined ? { options: `-c synchronous_commit=${s.synchronousCommit}` } : {}),
  };
}

const executor = (run: <T>(work: (client: pg.ClientBase) => Promise<T>) => Promise<T>): SqlExecutor => ({
  async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await run((client) => client.query(text, params as unknown[]));
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  },
  async runScript(sql: string): Promise<void> {
    // Without parameters node-postgres uses the simple protocol, which takes several statements.
    await run((client) => client.query(sql));
  },
});

const onePool = (pool: ServerPool) => executor((work) => pool.use((client) => work(client)));
const oneClient = (client: pg.ClientBase) => executor((work) => work(client));

/** PostgreSQL through node-postgres pools: one primary, and optional read replicas. */
export class PgDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replicas: readonly SqlReplica[];
  private readonly primaryPool: ServerPool;
  private readonly replicaPools: readonly ServerPool[];

  constructor(settings: PgSettings, listener: PoolListener = () => undefined) {
    const pool = (role: PoolRole, endpoint: Endpoint) =>
      new ServerPool({
        role,
        address: `${endpoint.host}:${endpoint.port}`,
        config: poolConfig(settings, role, endpoint),
        preferTls: settings.tls?.mode === 'prefer',
        listener,
      });
    this.primaryPool = pool('primary', settings);
    this.replicaPools = settings.readHosts.map((readHost) => pool('replica', endpointOf(readHost, settings.port)));
    this.primary = onePool(this.primaryPool);
    this.replicas = this.replicaPools.map((replica, i) => ({ address: settings.readHosts[i]!, executor: onePool(replica) }));
  }

  /** Pool sizes, for metrics. */
  poolStats(): { total: number; idle: number; waiting: number } {
    return this.primaryPool.stats();
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.primaryPool.use((client) => work(oneClient(client)));
  }

  async close(): Promise<void> {
    await Promise.all([this.primaryPool, ...this.replicaPools].map((pool) => pool.close()));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, { deadline, committing }: TransactionOptions = {}): Promise<T> {
    return this.primaryPool.use(async (client, discard) => {
      await client.query('BEGIN');
      try {
        const result = await work(oneClient(client));
        assertStillWanted(deadline);
        committing?.();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A client whose rollback failed is in an unknown state: destroyed rather than reused.
        await client.query('ROLLBACK').catch((rollbackError: Error) => discard(rollbackError));
        throw error;
      }
    });
  }
}
