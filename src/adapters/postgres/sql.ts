// The seam between the SQL adapters and a PostgreSQL engine: `pg` against a server, or
// PGlite embedded in the process. The adapters above it speak plain PostgreSQL SQL.

export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface QueryOptions {
  /** The bytes of file the statement reads (a write's are counted from its parameters): time is allowed for them. */
  readonly payloadBytes?: number;
}

export interface TransactionOptions {
  /** The bytes of file the transaction writes: time is allowed for them. */
  readonly payloadBytes?: number;
  /** Fires when the caller has given up and answered: the transaction then rolls back instead of committing. */
  readonly deadline?: AbortSignal;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>>;
  /** Runs several statements without parameters (a migration). */
  runScript(sql: string): Promise<void>;
}

export interface SqlDriver {
  /** The primary: every write, and the reads that must see them. */
  readonly primary: SqlExecutor;
  /** Reads that tolerate replication lag: a replica when there is one, else the primary. */
  readonly replica: SqlExecutor;
  /**
   * Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws, or when
   * the options' deadline has fired meanwhile (its caller has given up and answered; nothing may commit after that).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `work` on one dedicated connection (for session-level advisory locks). */
  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** True when PostgreSQL answered with an error (it is up), as opposed to a network or pool failure. */
export function isServerAnswer(error: unknown): error is { code: string; constraint?: string } {
  return typeof error === 'object' && error !== null && 'severity' in error && typeof (error as { code?: unknown }).code === 'string';
}

const CONNECTION_FAILURE = /connection|terminated|timeout|ECONN|EPIPE|EHOSTUNREACH|ENOTFOUND|socket|EMBEDDED_DATABASE_DOWN/i;

/**
 * Whether an error means the database is unwell: connection failures and timeouts, and the
 * SQLSTATE classes for connection (08), resources (53), operator intervention (57) and system
 * errors (58). Other server answers (a unique violation, say) and our own errors are not.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (isServerAnswer(error)) return /^(08|53|57|58)/.test(error.code);
  // Duck-typed, not `instanceof Error`: errors of Node's own modules may come from another realm.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && CONNECTION_FAILURE.test(code)) || (typeof message === 'string' && CONNECTION_FAILURE.test(message));
}

/** A transaction whose caller gave up before it could commit: rolled back instead. */
export class TransactionAbandonedError extends Error {
  readonly code = 'TRANSACTION_ABANDONED';
}

/** Throws TransactionAbandonedError when the deadline has fired: called just before COMMIT. */
export function assertStillWanted(deadline: AbortSignal | undefined): void {
  if (deadline?.aborted) throw new TransactionAbandonedError('the transaction outlived its deadline: rolled back, not committed');
}
