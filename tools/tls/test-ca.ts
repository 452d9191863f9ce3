// A certificate authority of a test's own (openssl, EC keys: quick to make): server
// certificates for the names a test connects by, client certificates for `cert`
// authentication. Its files live under a temporary directory, removed with `remove`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const openssl = (args: string[]) => run('openssl', args);

export interface Issued {
  /** PEM text, and the files that hold it (for variables such as DB_SSL_CERT). */
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** openssl req's arguments for a new P-256 key, unencrypted (a test's files, removed with it). */
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export class TestCa {
  private issued = 0;

  private constructor(
    private readonly dir: string,
    /** The CA's certificate: PEM text and its file. */
    readonly cert: string,
    readonly certFile: string,
  ) {}

  static async create(name = 'Test CA'): Promise<TestCa> {
    const dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
    const [certFile, keyFile] = [join(dir, 'ca.crt'), join(dir, 'ca.key')];
    await openssl([
      'req',
      '-x509',
      '-new',
      ...NEW_P256_KEY,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return new TestCa(dir, readFileSync(certFile, 'utf8'), certFile);
  }

  /** A server certificate for these DNS names and IP addresses. */
  server(names: { dns?: readonly string[]; ip?: readonly string[] }): Promise<Issued> {
    const san = [...(names.dns ?? []).map((n) => `DNS:${n}`), ...(names.ip ?? []).map((n) => `IP:${n}`)].join(',');
    return this.issue(names.dns?.[0] ?? names.ip?.[0] ?? 'server', [`subjectAltName=${san}`, 'extendedKeyUsage=serverAuth']);
  }

  /** A client certificate whose common name is `user` (PostgreSQL's cert authentication matches it). */
  client(user: string): Promise<Issued> {
    return this.issue(user, ['extendedKeyUsage=clientAuth']);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async issue(commonName: string, extensions: readonly string[]): Promise<Issued> {
    const n = ++this.issued;
    const [keyFile, csrFile, certFile, extFile] = ['key', 'csr', 'crt', 'ext'].map((ext) => join(this.dir, `issued-${n}.${ext}`)) as [
      string,
      string,
      string,
      string,
    ];
    writeFileSync(extFile, `${extensions.join('\n')}\n`);
    await openssl(['req', '-new', ...NEW_P256_KEY, '-keyout', keyFile, '-out', csrFile, '-subj', `/CN=${commonName}`]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      this.certFile,
      '-CAkey',
      join(this.dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      certFile,
      '-days',
      '2',
      '-extfile',
      extFile,
    ]);
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
  }
}
