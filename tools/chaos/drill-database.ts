// The drill's database: one of its own on the machine's PostgreSQL (the default), or a primary
// and a streaming standby the drill starts itself (tools/postgres/local-postgres.ts) for the
// drills that fail over, demote the primary or hang the replica. The machine's server is never
// stopped, promoted or made read-only.
import pg from 'pg';
import { LocalPostgres } from '../postgres/local-postgres.js';
import { FaultProxy, type Target } from './fault-proxy.js';

export interface DrillDatabase {
  /** The server the drill's PostgreSQL proxy leads to at the start. */
  readonly upstream: Target;
  /** The service's variables besides DB_HOST and DB_PORT (DB_USER, DB_NAME, DB_READ_HOSTS...). */
  readonly serviceEnv: Record<string, string>;
  /** A query on what is stored now, on the current primary, not through any proxy. */
  query<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A database of the drill's own on a server the operator names (the machine's by default). */
export class MachineDatabase implements DrillDatabase {
  private constructor(
    private readonly serverUrl: string,
    readonly name: string,
  ) {}

  static async create(serverUrl: string, name: string): Promise<MachineDatabase> {
    const database = new MachineDatabase(serverUrl, name);
    await database.admin((client) => client.query(`CREATE DATABASE ${name}`));
    return database;
  }

  get upstream(): Target {
    const url = new URL(this.serverUrl);
    return { host: url.hostname, port: Number(url.port || 5432) };
  }

  get serviceEnv(): Record<string, string> {
    const url = new URL(this.serverUrl);
    return {
      DB_USER: decodeURIComponent(url.username || 'postgres'),
      ...(url.password ? { DB_PASSWORD: decodeURIComponent(url.password) } : {}),
      DB_NAME: this.name,
    };
  }

  async query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
    const url = new URL(this.serverUrl);
    url.pathname = `/${this.name}`;
    return withClient(url.toString(), async (client) => (await client.query<R>(text, params)).rows);
  }

  async close(): Promise<void> {
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }

  private admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return withClient(this.serverUrl, work);
  }
}

export interface Replication {
  /** `synchronous`: a commit is acknowledged once the standby has applied it (with DB_SYNCHRONOUS_COMMIT=remote_apply). */
  readonly standby: 'async' | 'synchronous';
  /** The service reads lists from the standby (DB_READ_HOSTS), through a proxy of its own. */
  readonly readsFromStandby?: boolean;
}

const DATABASE = 'profiles';

/** A primary and its streaming standby, started for one drill and removed after it. */
export class ReplicatedDatabase implements DrillDatabase {
  private current: LocalPostgres;

  private constructor(
    readonly primary: LocalPostgres,
    readonly standby: LocalPostgres,
    /** The service's link to the standby for reads, when it reads from it. */
    readonly replicaLink: FaultProxy | undefined,
  ) {
    this.current = primary;
  }

  static async start(replication: Replication): Promise<ReplicatedDatabase> {
    const primary = await LocalPostgres.primary('drill-primary');
    let standby: LocalPostgres | undefined;
    try {
      await primary.sql(`CREATE DATABASE ${DATABASE}`);
      standby = await primary.standby('drill-standby');
      if (replication.standby === 'synchronous') await primary.requireSynchronousStandby();
      const replicaLink = replication.readsFromStandby ? await FaultProxy.start({ host: standby.host, port: standby.port }) : undefined;
      return new ReplicatedDatabase(primary, standby, replicaLink);
    } catch (error) {
      await Promise.all([primary.remove(), standby?.remove()]);
      throw error;
    }
  }

  get upstream(): Target {
    return { host: this.primary.host, port: this.primary.port };
  }

  get serviceEnv(): Record<string, string> {
    return { DB_USER: 'postgres', DB_NAME: DATABASE, ...(this.replicaLink ? { DB_READ_HOSTS: `127.0.0.1:${this.replicaLink.port}` } : {}) };
  }

  /** How the standby streams now, as the primary sees it: sync or async, and how far behind its replay is. */
  async replication(): Promise<{ syncState: string; replayLagBytes: number }> {
    const [row] = await this.primary.sql<{ sync_state: string; lag: string }>(
      'SELECT sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag FROM pg_stat_replication',
    );
    return { syncState: row?.sync_state ?? 'none', replayLagBytes: Number(row?.lag ?? NaN) };
  }

  /** Promotes the standby and moves `endpoint` to it, as a DNS name moves: open connections stay where they were. */
  async failOver(endpoint: FaultProxy): Promise<void> {
    await this.standby.promote();
    endpoint.moveTo({ host: this.standby.host, port: this.standby.port });
    this.current = this.standby;
  }

  query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
    return this.current.sql<R>(text, params, DATABASE);
  }

  async close(): Promise<void> {
    await this.replicaLink?.close();
    await Promise.all([this.primary.remove(), this.standby.remove()]);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
