// The PostgreSQL adapter's decisions that need no server: TLS options per libpq mode, why a
// connection was refused for good, and how reads move between replicas and the primary.
import { refusalOf } from '../../../src/adapters/postgres/connection-refusal.js';
import { GuardedSqlDriver } from '../../../src/adapters/postgres/guarded-sql-driver.js';
import { tlsOptions } from '../../../src/adapters/postgres/pg-tls.js';
import { isDatabaseFailure, type SqlDriver, type SqlExecutor } from '../../../src/adapters/postgres/sql.js';
import type { Guard } from '../../../src/adapters/resilience/guard.js';
import { guardFor } from '../../../src/adapters/resilience/guard-for.js';

describe("TLS options, with libpq's meanings", () => {
  const ca = '-----BEGIN CERTIFICATE-----ca';

  test('when TLS is disabled, then the connection is plain; prefer and require encrypt without verifying', () => {
    expect(tlsOptions({ mode: 'disable' })).toBe(false);
    expect(tlsOptions({ mode: 'prefer' })).toEqual({ rejectUnauthorized: false });
    expect(tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  test('when verify-ca is asked (or require with a CA, as libpq does), then the chain is checked and the host name is not', () => {
    for (const mode of ['verify-ca', 'require'] as const) {
      const options = tlsOptions({ mode, ca });
      expect(options).toMatchObject({ ca, rejectUnauthorized: true });
      expect(options && options.checkServerIdentity?.('any.host', {} as never)).toBeUndefined();
    }
  });

  test('when verify-full is asked, then Node checks the chain and the name; a client certificate goes along', () => {
    const options = tlsOptions({ mode: 'verify-full', ca, cert: 'c', key: 'k' });
    expect(options).toEqual({ ca, cert: 'c', key: 'k', rejectUnauthorized: true });
  });
});

describe('a connection refused for good', () => {
  const answer = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

  test('when PostgreSQL says why, then the reason is told apart from a bad password', () => {
    expect(refusalOf(answer('28000', 'no pg_hba.conf entry for host "1.2.3.4", user "app", database "p", no encryption'))).toBe(
      'tls-required',
    );
    expect(refusalOf(answer('28000', 'no pg_hba.conf entry for host "1.2.3.4", user "app", database "p", SSL off'))).toBe('tls-required');
    expect(refusalOf(answer('28000', 'certificate authentication failed for user "app"'))).toBe('client-certificate');
    expect(refusalOf(answer('28P01', 'password authentication failed for user "app"'))).toBe('credentials');
    expect(refusalOf(answer('3D000', 'database "p" does not exist'))).toBe('database-missing');
    expect(refusalOf(answer('57P03', 'the database system is starting up'))).toBeUndefined();
  });

  test("when the TLS handshake fails, then the certificate's fault is named; a refused or reset link is not a refusal", () => {
    const tls = (code: string) => Object.assign(new Error(code), { code });
    expect(refusalOf(tls('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('certificate-name');
    expect(refusalOf(tls('SELF_SIGNED_CERT_IN_CHAIN'))).toBe('certificate-untrusted');
    expect(refusalOf(tls('CERT_HAS_EXPIRED'))).toBe('certificate-expired');
    expect(refusalOf(tls('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'))).toBe('client-certificate');
    expect(refusalOf(new Error('The server does not support SSL connections'))).toBe('tls-unavailable');
    expect(refusalOf(tls('ECONNREFUSED'))).toBeUndefined();
    // At run time each of them is the database out of reach (503), not a bug (500).
    for (const code of ['ERR_TLS_CERT_ALTNAME_INVALID', 'SELF_SIGNED_CERT_IN_CHAIN', 'ECONNRESET'])
      expect(isDatabaseFailure(tls(code))).toBe(true);
    expect(isDatabaseFailure(answer('25006', 'cannot execute UPDATE in a read-only transaction'))).toBe(true);
    expect(isDatabaseFailure(answer('23505', 'duplicate key value violates unique constraint'))).toBe(false);
  });
});

describe('reads spread over replicas', () => {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  /** A server whose reads answer with its name, fail, or never answer. */
  const server = (name: string, behaviour: 'answers' | 'refuses' | 'hangs' = 'answers') => {
    const reads: string[] = [];
    const executor: SqlExecutor = {
      query: <R>(text: string) => {
        reads.push(text);
        if (behaviour === 'refuses') return Promise.reject(refused());
        if (behaviour === 'hangs') return new Promise<never>(() => undefined);
        return Promise.resolve({ rows: [{ server: name }] as R[], rowCount: 1 });
      },
      runScript: () => Promise.resolve(),
    };
    return { executor, reads };
  };
  const guards: Guard[] = [];
  const guard = (name: string) => {
    const made = guardFor('database-replica', { name, timeoutMs: 1000, resetTimeoutMs: 60_000, isDependencyFailure: isDatabaseFailure });
    guards.push(made);
    return made;
  };
  afterEach(() => guards.splice(0).forEach((g) => g.shutdown()));

  const driverOver = (primary: SqlExecutor, replicas: Record<string, SqlExecutor>) => {
    const inner: SqlDriver = {
      primary,
      replicas: Object.entries(replicas).map(([address, executor]) => ({ address, executor })),
      transaction: () => Promise.reject(new Error('not here')),
      session: () => Promise.reject(new Error('not here')),
      close: () => Promise.resolve(),
    };
    const primaryGuard = guard('database');
    return {
      driver: new GuardedSqlDriver(
        inner,
        { primary: primaryGuard, replica: (address) => guard(address) },
        { readMs: 200, writeMs: 200, replicaMs: 50 },
      ),
      primaryGuard,
    };
  };
  const serverOf = async (read: SqlExecutor) => (await read.query<{ server: string }>('SELECT 1')).rows[0]!.server;

  test('when every replica answers, then reads take turns among them and none goes to the primary', async () => {
    const [primary, a, b] = [server('primary'), server('a'), server('b')];
    const { driver } = driverOver(primary.executor, { a: a.executor, b: b.executor });
    const answered = [];
    for (let i = 0; i < 4; i++) answered.push(await serverOf(driver.replica));
    expect(answered).toEqual(['a', 'b', 'a', 'b']);
    expect(primary.reads).toEqual([]);
  });

  test("when a replica refuses or hangs, then the read is answered by the primary, and the primary's breaker never hears of it", async () => {
    for (const behaviour of ['refuses', 'hangs'] as const) {
      const [primary, sick] = [server('primary'), server('sick', behaviour)];
      const { driver, primaryGuard } = driverOver(primary.executor, { sick: sick.executor });
      for (let i = 0; i < 5; i++) expect(await serverOf(driver.replica)).toBe('primary');
      // Three failures in a row took the replica out of rotation: the later reads did not touch it.
      expect(sick.reads).toHaveLength(3);
      expect(driver.replicas[0]!.guard.state).toBe('open');
      expect(primaryGuard.state).toBe('closed');
    }
  });

  test('when the replica answers with an error of the statement, then that answer stands: the primary would give the same', async () => {
    const primary = server('primary');
    const invalid: SqlExecutor = {
      query: () => Promise.reject(Object.assign(new Error('invalid input syntax for type real'), { code: '22P02', severity: 'ERROR' })),
      runScript: () => Promise.resolve(),
    };
    const { driver } = driverOver(primary.executor, { a: invalid });
    await expect(driver.replica.query('SELECT 1')).rejects.toThrow('invalid input syntax');
    expect(primary.reads).toEqual([]);
  });
});
