// TLS material named by variables (a CA, a client certificate and its key, as PEM files): read
// at start-up and checked, so that a wrong path, a file of the wrong kind or a key of another
// certificate stops start-up naming its variable, never the first connection an hour later.
// The files' contents are never printed.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { EnvReader } from './env-reader.js';

export interface TlsFiles {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface TlsVariables {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export function readTlsFiles(read: EnvReader, names: TlsVariables): TlsFiles {
  const file = (name: string, check: (pem: string) => void, what: string): string | undefined => {
    const path = read.optionalString(name);
    if (path === undefined) return undefined;
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      read.problem(`${name}: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
    try {
      check(pem);
    } catch {
      read.problem(`${name}: "${path}" holds no ${what} in PEM form`);
      return undefined;
    }
    return pem;
  };
  const ca = file(names.ca, (pem) => new X509Certificate(pem), 'certificate');
  const cert = file(names.cert, (pem) => new X509Certificate(pem), 'certificate');
  const key = file(names.key, (pem) => createPrivateKey(pem), 'unencrypted private key');
  if ((read.optionalString(names.cert) === undefined) !== (read.optionalString(names.key) === undefined)) {
    read.problem(`${names.cert} and ${names.key}: a client certificate needs both, or neither`);
  }
  if (cert !== undefined && key !== undefined) {
    try {
      createSecureContext({ cert, key });
    } catch {
      read.problem(`${names.key}: is not the key of the certificate in ${names.cert}`);
    }
  }
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}) };
}
