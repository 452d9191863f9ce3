// TLS to PostgreSQL with libpq's meanings of sslmode, as node-postgres options. node-postgres's
// own reading of `sslmode` treats require and verify-ca as verify-full and has no prefer; the
// service states its settings itself (DB_SSL_MODE, DB_SSL_CA, DB_SSL_CERT, DB_SSL_KEY).
import type { ConnectionOptions } from 'node:tls';

export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface TlsSettings {
  readonly mode: SslMode;
  /** PEM: the CA that signs the server's certificate. */
  readonly ca?: string;
  /** PEM: a client certificate and its key, for `cert` authentication. */
  readonly cert?: string;
  readonly key?: string;
}

/**
 * What node-postgres is given for one mode. `disable`: plain TCP. `prefer` and `require`:
 * encrypted, the server not verified (libpq: `require` with a CA file verifies as `verify-ca`).
 * `verify-ca`: the chain must lead to the CA, any host name. `verify-full`: the chain and the host
 * name (the CA, or Node's own store when none is given). `prefer` falls back to plain TCP when
 * the server offers no TLS: PgDriver does that, as node-postgres cannot.
 */
export function tlsOptions(tls: TlsSettings): false | ConnectionOptions {
  if (tls.mode === 'disable') return false;
  const client = { ...(tls.cert !== undefined ? { cert: tls.cert } : {}), ...(tls.key !== undefined ? { key: tls.key } : {}) };
  const verifyChainOnly = tls.mode === 'verify-ca' || (tls.mode === 'require' && tls.ca !== undefined);
  if (verifyChainOnly) return { ...client, ca: tls.ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  if (tls.mode === 'verify-full') return { ...client, ...(tls.ca !== undefined ? { ca: tls.ca } : {}), rejectUnauthorized: true };
  return { ...client, rejectUnauthorized: false };
}

/** node-postgres's words when the server answered an SSLRequest with "no". */
export const isTlsRefused = (error: unknown): boolean =>
  (error as { message?: unknown } | null)?.message === 'The server does not support SSL connections';
