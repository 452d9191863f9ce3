// Why PostgreSQL (or the TLS handshake before it) refused a connection for good: the reasons
// that waiting cannot heal, which end start-up with a message naming what to fix. Everything
// else that fails a connection (refused, reset, timed out, a server starting) is retried.
import { isTlsRefused } from './pg-tls.js';
import { isServerAnswer } from './sql.js';

export type ConnectionRefusal =
  /** The server takes no connection without TLS (pg_hba.conf has only hostssl lines for us). */
  | 'tls-required'
  /** TLS was required and the server offers none. */
  | 'tls-unavailable'
  /** The server's certificate is valid but names another host. */
  | 'certificate-name'
  /** The server's certificate does not lead to the CA we trust. */
  | 'certificate-untrusted'
  | 'certificate-expired'
  /** The server refused our client certificate, or wanted one and got none. */
  | 'client-certificate'
  | 'credentials'
  | 'database-missing';

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** OpenSSL's codes for an alert the server sent about our certificate during the handshake. */
const CLIENT_CERTIFICATE_ALERT =
  /^ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_BAD_CERTIFICATE|TLSV13_ALERT_CERTIFICATE_REQUIRED|SSLV3_ALERT_CERTIFICATE_|TLSV1_ALERT_ACCESS_DENIED)/;

export function refusalOf(error: unknown): ConnectionRefusal | undefined {
  if (isTlsRefused(error)) return 'tls-unavailable';
  if (isServerAnswer(error)) {
    const message = String((error as { message?: unknown }).message);
    if (error.code === '3D000') return 'database-missing';
    if (!error.code.startsWith('28')) return undefined;
    // PostgreSQL 15 says "no encryption", older servers "SSL off".
    if (/no pg_hba\.conf entry.*(no encryption|SSL off)/.test(message)) return 'tls-required';
    if (/certificate/i.test(message)) return 'client-certificate';
    return 'credentials';
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'certificate-name';
  if (UNTRUSTED.has(code)) return 'certificate-untrusted';
  if (EXPIRED.has(code)) return 'certificate-expired';
  if (CLIENT_CERTIFICATE_ALERT.test(code)) return 'client-certificate';
  return undefined;
}
