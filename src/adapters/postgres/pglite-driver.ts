import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor, SqlResult } from './sql.js';

type Queryable = PGlite | Transaction;

const executor = (db: Queryable): SqlExecutor => ({
  async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await db.query<R>(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  },
  async runScript(sql: string): Promise<void> {
    await db.exec(sql);
  },
});

/**
 * Embedded PostgreSQL (WASM) with its files under a directory, or in memory without one.
 * One connection: statements and transactions run one at a time, which is what an embedded
 * single-process service needs. Two processes must not open one directory.
 */
export class PgliteDriver implements SqlDriver {
  readonly primary: SqlExecutor;
  readonly replica: SqlExecutor;

  private readonly db: PGlite;

  /** Opens in the background (a cold start takes seconds); statements wait until it is ready. */
  constructor(directory?: string) {
    this.db = directory === undefined ? new PGlite() : new PGlite(directory);
    this.primary = executor(this.db);
    this.replica = this.primary;
  }

  static async open(directory?: string): Promise<PgliteDriver> {
    const driver = new PgliteDriver(directory);
    await driver.db.waitReady;
    return driver;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(executor(tx)));
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this.primary);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
