// A connection PostgreSQL refused for good, as the one line that ends start-up: what to fix,
// named by its variable. Only what waiting cannot heal is here (connection-refusal.ts).
import { refusalOf, type ConnectionRefusal } from './connection-refusal.js';
import { asError } from '../resilience/guard.js';
import type { Config } from '../settings/config.js';
import { StartupError } from '../settings/startup-error.js';

type Settings = Pick<Config['db'], 'host' | 'port' | 'name' | 'tls'>;

const MESSAGES: Record<ConnectionRefusal, (db: Settings, reason: string) => string> = {
  'tls-required': () => 'DB_SSL_MODE: the server takes no connection without TLS; set DB_SSL_MODE=verify-full and DB_SSL_CA (its CA)',
  'tls-unavailable': (db) => `DB_SSL_MODE: is ${db.tls.mode}, and the server at ${db.host}:${db.port} offers no TLS`,
  'certificate-name': (db, reason) =>
    `DB_SSL_MODE: verify-full, and the server's certificate is not for "${db.host}" (${reason}); set DB_HOST to a name the certificate holds, or DB_SSL_MODE=verify-ca`,
  'certificate-untrusted': (db, reason) =>
    `DB_SSL_CA: the server's certificate is not signed by ${db.tls.ca !== undefined ? 'the CA in DB_SSL_CA' : 'a CA this machine trusts; set DB_SSL_CA'} (${reason})`,
  'certificate-expired': (_, reason) => `DB_SSL_MODE: the server's certificate is not valid now (${reason})`,
  'client-certificate': (db, reason) =>
    db.tls.cert === undefined
      ? `DB_SSL_CERT / DB_SSL_KEY: the server requires a client certificate (${reason})`
      : `DB_SSL_CERT / DB_SSL_KEY: the server refused the client certificate (${reason})`,
  credentials: (_, reason) => `DB_USER / DB_PASSWORD: PostgreSQL refused them (${reason}).`,
  'database-missing': (db) => `DB_NAME: the database "${db.name}" does not exist; create it first.`,
};

/** The start-up error for a refusal that waiting cannot heal; undefined for anything else. */
export function databaseRefusal(error: unknown, db: Settings): StartupError | undefined {
  const refusal = refusalOf(error);
  if (refusal === undefined) return undefined;
  const reason = asError(error).message.replace(/\s+/g, ' ').trim();
  return new StartupError(MESSAGES[refusal](db, reason), { cause: error });
}
