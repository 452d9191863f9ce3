// TLS to PostgreSQL as managed databases require it: a TLS-only server of the test's own
// (certificates from a CA the test makes), reached by the compiled service with DB_SSL_*.
// What an operator gets wrong ends start-up with one line that names the variable to fix.
import { LocalPostgres } from '../../../tools/postgres/local-postgres.js';
import { TestCa, type Issued } from '../../../tools/tls/test-ca.js';
import { createProfileAs, newDataDir, runNode, startServiceProcess } from '../../support/service-process.js';

let ca: TestCa;
let stranger: TestCa;
let client: Issued;
let server: LocalPostgres;

beforeAll(async () => {
  [ca, stranger] = await Promise.all([TestCa.create('Profiles Test CA'), TestCa.create('Some Other CA')]);
  // The certificate names localhost only: connecting by 127.0.0.1 is "another name".
  const certificate = await ca.server({ dns: ['localhost'] });
  client = await ca.client('certuser');
  server = await LocalPostgres.primary('tls', {
    tls: { cert: certificate.cert, key: certificate.key, clientCa: ca.cert },
    // TCP only with TLS; certuser only with a client certificate of the CA.
    hba: ['local all all trust', 'hostssl all certuser 127.0.0.1/32 cert', 'hostssl all all 127.0.0.1/32 trust'],
  });
  await server.sql('CREATE ROLE certuser LOGIN');
  await server.sql('CREATE DATABASE profiles OWNER postgres');
  await server.sql('CREATE DATABASE profiles_cert OWNER certuser');
}, 60_000);

afterAll(async () => {
  await server?.remove();
  ca?.remove();
  stranger?.remove();
});

const serviceEnv = (extra: Record<string, string>) => ({
  DATA_DIR: newDataDir(),
  DB_DRIVER: 'postgres',
  DB_HOST: 'localhost',
  DB_PORT: String(server.port),
  DB_USER: 'postgres',
  DB_NAME: 'profiles',
  ...extra,
});

/** Starts the service, checks a profile can be created, and reports whether its connections use TLS. */
async function servesOverTls(extra: Record<string, string>, user = 'postgres'): Promise<{ created: number; tls: boolean[] }> {
  const env = serviceEnv(extra);
  const service = await startServiceProcess(env);
  try {
    const subject = `tls-${Math.random().toString(36).slice(2, 8)}`;
    const { response } = await createProfileAs(service, env.DATA_DIR, subject, {
      handle: subject.replace('-', '_'),
      email: `${subject}@example.com`,
      displayName: 'TLS',
    });
    const rows = await server.sql<{ ssl: boolean }>(
      "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'profile-service' AND a.usename = $1",
      [user],
    );
    return { created: response.status, tls: rows.map((r) => r.ssl) };
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
  }
}

/** Runs the service to its exit: for settings it must refuse. */
async function refused(extra: Record<string, string>) {
  const result = await runNode('dist/bootstrap/server.js', [], serviceEnv(extra));
  // The log records of level error (50) or fatal (60): the failure, told once.
  const failures = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((record) => record.level >= 50)
    .map((r) => `${r.level} ${r.msg}`);
  return { code: result.code, lines: result.stderr.trim().split('\n'), failures, output: result.stdout + result.stderr };
}

describe('PostgreSQL over TLS', () => {
  test("when verify-full is given the CA and the certificate's name, then the service serves, every connection encrypted", async () => {
    const { created, tls } = await servesOverTls({ DB_SSL_MODE: 'verify-full', DB_SSL_CA: ca.certFile });
    expect(created).toBe(201);
    expect(tls.length).toBeGreaterThan(0);
    expect(tls.every(Boolean)).toBe(true);
  }, 30_000);

  test('when only DB_SSL_CA is set, then verify-full is the mode: the name is checked', async () => {
    const { code, lines } = await refused({ DB_HOST: '127.0.0.1', DB_SSL_CA: ca.certFile });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^DB_SSL_MODE: verify-full, and the server's certificate is not for "127\.0\.0\.1"/)]);
  }, 30_000);

  test('when verify-ca connects by another name, then the chain is checked and the name is not', async () => {
    const { created } = await servesOverTls({ DB_HOST: '127.0.0.1', DB_SSL_MODE: 'verify-ca', DB_SSL_CA: ca.certFile });
    expect(created).toBe(201);
  }, 30_000);

  test('when require has no CA, then the link is encrypted without verifying the server', async () => {
    const { created, tls } = await servesOverTls({ DB_SSL_MODE: 'require' });
    expect(created).toBe(201);
    expect(tls.every(Boolean)).toBe(true);
  }, 30_000);

  test('when the certificate is signed by a CA other than DB_SSL_CA, then start-up ends with one line naming DB_SSL_CA', async () => {
    const { code, lines } = await refused({ DB_SSL_MODE: 'verify-full', DB_SSL_CA: stranger.certFile });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^DB_SSL_CA: the server's certificate is not signed by the CA in DB_SSL_CA/)]);
  }, 30_000);

  test('when TLS is disabled against a server that requires it, then start-up ends with one line naming DB_SSL_MODE, not the password', async () => {
    const { code, lines, failures } = await refused({ DB_SSL_MODE: 'disable' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^DB_SSL_MODE: the server takes no connection without TLS/)]);
    // Once plainly on stderr, once in the log: not an error record and then a fatal one.
    expect(failures).toEqual(['60 start-up failed']);
  }, 30_000);

  test('when a client certificate is given, then cert authentication logs the service in as its common name', async () => {
    const { created, tls } = await servesOverTls(
      {
        DB_USER: 'certuser',
        DB_NAME: 'profiles_cert',
        DB_SSL_MODE: 'verify-full',
        DB_SSL_CA: ca.certFile,
        DB_SSL_CERT: client.certFile,
        DB_SSL_KEY: client.keyFile,
      },
      'certuser',
    );
    expect(created).toBe(201);
    expect(tls.every(Boolean)).toBe(true);
  }, 30_000);

  test('when the server wants a client certificate and gets none, then start-up ends with one line naming DB_SSL_CERT, and no key is ever printed', async () => {
    const { code, lines, output } = await refused({ DB_USER: 'certuser', DB_NAME: 'profiles_cert', DB_SSL_CA: ca.certFile });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^DB_SSL_CERT \/ DB_SSL_KEY: /)]);
    expect(output).not.toContain('PRIVATE KEY');
  }, 30_000);
});
