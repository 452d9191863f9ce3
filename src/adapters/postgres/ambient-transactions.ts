// Transactions that the code inside them need not know of. A transaction opened with
// `{ ambient: true }` is carried by the async context of its work: the statements that work
// issues through `primary`, however deep (a repository, a use case), run inside it, and the
// transactions it opens become savepoints of it. The idempotency store uses this so that a
// request's key and everything the request writes commit together or not at all.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryOptions, SqlDriver, SqlExecutor, SqlReplica, SqlResult, TransactionOptions } from './sql.js';

export class AmbientTransactions implements SqlDriver {
  readonly primary: SqlExecutor;
  private readonly current = new AsyncLocalStorage<SqlExecutor>();
  private savepoints = 0;

  constructor(private readonly inner: SqlDriver) {
    const executor = () => this.current.getStore() ?? inner.primary;
    this.primary = {
      query: <R>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>> =>
        executor().query<R>(text, params, options),
      runScript: (sql) => executor().runScript(sql),
    };
  }

  get replicas(): readonly SqlReplica[] {
    return this.inner.replicas;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const joined = this.current.getStore();
    if (joined !== undefined) return this.savepoint(joined, work);
    if (!options.ambient) return this.inner.transaction(work, options);
    return this.inner.transaction((tx) => this.current.run(tx, () => work(tx)), options);
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** A transaction inside the ambient one: its work is undone alone when it fails, as its own transaction's would be. */
  private async savepoint<T>(tx: SqlExecutor, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const name = `nested_${++this.savepoints}`;
    await tx.query(`SAVEPOINT ${name}`);
    try {
      const result = await work(tx);
      await tx.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}
