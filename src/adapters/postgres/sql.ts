// The seam between the SQL adapters and a PostgreSQL engine: `pg` against a server, or
// PGlite embedded in the process. The adapters above it speak plain PostgreSQL SQL.

export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface QueryOptions {
  /** The bytes of file the statement reads (a write's are counted from its parameters): time is allowed for them. */
  readonly payloadBytes?: number;
  /** The statement's deadline instead of the default one (what is left of a read that tried a replica first). */
  readonly deadlineMs?: number;
}

export interface TransactionOptions {
  /** The bytes of file the transaction writes: time is allowed for them. */
  readonly payloadBytes?: number;
  /** Fires when the caller has given up and answered: the transaction then rolls back instead of committing. */
  readonly deadline?: AbortSignal;
  /** Called as COMMIT is sent: the caller then waits for its outcome instead of answering blind. */
  readonly committing?: () => void;
  /**
   * Whether the statements `work` issues through the driver's `primary`, and the transactions it
   * opens, join this transaction (see ambient-transactions.ts): for work that does not know it
   * runs inside one, such as a request handler whose idempotency key commits with its writes.
   */
  readonly ambient?: boolean;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>>;
  /** Runs several statements without parameters (a migration). */
  runScript(sql: string): Promise<void>;
}

/** A read replica, by the address it was configured with. */
export interface SqlReplica {
  readonly address: string;
  readonly executor: SqlExecutor;
}

export interface SqlDriver {
  /** The primary: every write, and the reads that must see them. */
  readonly primary: SqlExecutor;
  /** Replicas for reads that tolerate replication lag (none for the embedded database). */
  readonly replicas: readonly SqlReplica[];
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

/** SQLSTATE 25006, read_only_sql_transaction: a write reached a read-only server (a demoted primary, a standby). */
export const READ_ONLY = '25006';

/**
 * SQLSTATEs after which the connection's server cannot do the service's work: read-only
 * (25006), shutting down (57P01 admin, 57P02 crash) or not accepting yet (57P03). A connection
 * that saw one is never reused, and neither are its pool's other connections to that server.
 */
const SERVER_GONE_ASTRAY = new Set([READ_ONLY, '57P01', '57P02', '57P03']);

export function isServerGoneAstray(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SERVER_GONE_ASTRAY.has(code);
}

/** A new connection of the primary's pool found the server read-only: it is refused, as a write there would be. */
export class ReadOnlyServerError extends Error {
  readonly code = READ_ONLY;

  constructor(address: string) {
    super(`the primary at ${address} is read-only (a standby, or a demoted primary): writes cannot go there`);
  }
}

const CONNECTION_FAILURE = /connection|terminated|timeout|ECONN|EPIPE|EHOSTUNREACH|ENOTFOUND|socket|EMBEDDED_DATABASE_DOWN/i;
/** Node's codes for a TLS handshake that failed: a certificate not trusted, not for this host, expired; an alert from the server. */
const TLS_FAILURE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/**
 * Whether an error means the database is unwell or out of reach: connection failures, timeouts
 * and TLS failures; a read-only server; the SQLSTATE classes for connection (08), resources
 * (53), operator intervention (57) and system errors (58). Other server answers (a unique
 * violation, say) and our own errors are not.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (isServerAnswer(error)) return /^(08|53|57|58)/.test(error.code) || error.code === READ_ONLY;
  // Duck-typed, not `instanceof Error`: errors of Node's own modules may come from another realm.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code === READ_ONLY || TLS_FAILURE.test(code) || CONNECTION_FAILURE.test(code))) return true;
  return typeof message === 'string' && CONNECTION_FAILURE.test(message);
}

/** A transaction whose caller gave up before it could commit: rolled back instead. */
export class TransactionAbandonedError extends Error {
  readonly code = 'TRANSACTION_ABANDONED';
}

/** Throws TransactionAbandonedError when the deadline has fired: called just before COMMIT. */
export function assertStillWanted(deadline: AbortSignal | undefined): void {
  if (deadline?.aborted) throw new TransactionAbandonedError('the transaction outlived its deadline: rolled back, not committed');
}
