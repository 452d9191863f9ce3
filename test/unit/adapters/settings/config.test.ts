import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../src/adapters/settings/config.js';
import { ConfigError } from '../../../../src/adapters/settings/env-reader.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  test('when nothing is set, then the embedded defaults of the contract apply', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(8080);
    expect([config.db.driver, config.cache.driver, config.queue.driver]).toEqual(['pglite', 'memory', 'memory']);
    expect([config.db.host, config.db.port, config.db.user, config.db.name]).toEqual(['localhost', 5432, 'postgres', 'profiles']);
    expect(config.profiles.purgeGracePeriodMs).toBe(30 * 86_400_000);
    expect(config.profiles.idempotencyTtlMs).toBe(86_400_000);
    expect(config.auth.secret).toBeUndefined();
  });

  test('when several variables are bad, then one error names every one of them, and never echoes a secret', () => {
    const problems = problemsOf({ SERVER_PORT: 'abc', AUTH_JWT_SECRET: 'short', LOG_LEVEL: 'loud', PURGE_GRACE_PERIOD: 'soon' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/SERVER_PORT: must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(problems.join('\n')).toMatch(/AUTH_JWT_SECRET: must be at least 32 bytes/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL: must be one of/);
    expect(problems.join('\n')).toMatch(/PURGE_GRACE_PERIOD: must be a duration/);
    expect(problems.join('\n')).not.toContain('short');
  });

  test('when in production with no secret and no explicit drivers, then it refuses to start and says why', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect([...problems].sort()).toEqual([
      'AUTH_JWT_SECRET: is required in production',
      'DB_PASSWORD: is required with DB_DRIVER=postgres in production',
      'REDIS_PASSWORD: is required with CACHE_DRIVER=redis in production',
    ]);
  });

  test('when AUTH_CLOCK_TOLERANCE is unset, then it is 5 s; above 60 s it is refused, naming the variable', () => {
    expect(loadConfig({}).auth.clockToleranceMs).toBe(5000);
    expect(loadConfig({ AUTH_CLOCK_TOLERANCE: '60s' }).auth.clockToleranceMs).toBe(60_000);
    expect(problemsOf({ AUTH_CLOCK_TOLERANCE: '2m' })).toEqual([
      'AUTH_CLOCK_TOLERANCE: must be a duration like 500ms, 30s, 15m, 12h or 30d of at most 60000 ms (got "2m")',
    ]);
  });

  test('when durations are given with units, then they are read in milliseconds', () => {
    const config = loadConfig({ PURGE_GRACE_PERIOD: '90s', SHUTDOWN_GRACE_PERIOD: '1.5m', CACHE_L1_TTL: '250ms' });
    expect([config.profiles.purgeGracePeriodMs, config.server.shutdownGraceMs, config.cache.ttlMs]).toEqual([90_000, 90_000, 250]);
  });
});

describe('PostgreSQL TLS, durability and pool settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-tls-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  let ca: string;
  let cert: string;
  let key: string;
  let otherKey: string;
  beforeAll(() => {
    // A self-signed certificate is a CA certificate too; its key, and a key of nothing.
    const made = (name: string) => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      return file(`${name}.key`, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    };
    key = made('client');
    otherKey = made('other');
    cert = file('client.crt', selfSigned(readFileSync(key, 'utf8')));
    ca = cert;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("when nothing is set, then TLS is preferred as libpq does, connections live 5 minutes, and synchronous_commit is the server's", () => {
    const { db } = loadConfig({});
    expect(db.tls).toEqual({ mode: 'prefer' });
    expect(db.poolMaxLifetimeMs).toBe(300_000);
    expect(db.synchronousCommit).toBeUndefined();
  });

  test('when a CA is given, then verify-full is the default, in production and out of it', () => {
    expect(loadConfig({ DB_SSL_CA: ca }).db.tls.mode).toBe('verify-full');
    const production = loadConfig({
      NODE_ENV: 'production',
      DB_PASSWORD: 'pw',
      REDIS_PASSWORD: 'pw',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      DB_SSL_CA: ca,
    });
    expect(production.db.tls).toMatchObject({ mode: 'verify-full', ca: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  test('when a client certificate and its key are given, then both are read', () => {
    expect(loadConfig({ DB_SSL_MODE: 'require', DB_SSL_CERT: cert, DB_SSL_KEY: key }).db.tls).toMatchObject({
      mode: 'require',
      cert: expect.stringContaining('BEGIN CERTIFICATE'),
      key: expect.stringContaining('PRIVATE KEY'),
    });
  });

  test('when the TLS settings are wrong, then each problem names its variable and no file content is echoed', () => {
    const problems = problemsOf({
      DB_SSL_MODE: 'verify-ca',
      DB_SSL_CA: join(dir, 'missing.crt'),
      DB_SSL_CERT: cert,
      DB_SSL_KEY: otherKey,
      DB_SYNCHRONOUS_COMMIT: 'always',
      DB_POOL_MAX_LIFETIME: '10ms',
    });
    expect(problems).toEqual([
      `DB_SSL_CA: cannot read "${join(dir, 'missing.crt')}" (ENOENT)`,
      'DB_SSL_KEY: is not the key of the certificate in DB_SSL_CERT',
      "DB_SSL_CA: is required with DB_SSL_MODE=verify-ca (the CA to verify the server's certificate against)",
      'DB_SYNCHRONOUS_COMMIT: must be one of off, local, remote_write, on, remote_apply (got "always")',
      'DB_POOL_MAX_LIFETIME: must be a duration like 500ms, 30s, 15m, 12h or 30d of at least 1000 ms (got "10ms")',
    ]);
    expect(problems.join('\n')).not.toContain('PRIVATE KEY');
  });

  test('when a file is not PEM, a certificate comes without its key, or TLS is off with a CA set, then start-up is refused, naming each', () => {
    expect(problemsOf({ DB_SSL_CA: key, DB_SSL_CERT: cert })).toEqual([
      `DB_SSL_CA: "${key}" holds no certificate in PEM form`,
      'DB_SSL_CERT and DB_SSL_KEY: a client certificate needs both, or neither',
    ]);
    expect(problemsOf({ DB_SSL_MODE: 'disable', DB_SSL_CA: ca })).toEqual([
      'DB_SSL_MODE: is disable, yet DB_SSL_CA, DB_SSL_CERT or DB_SSL_KEY is set; choose a mode that uses them, or unset them',
    ]);
    expect(problemsOf({ DB_SSL_MODE: 'no-verify' })).toEqual([
      'DB_SSL_MODE: must be one of disable, prefer, require, verify-ca, verify-full (got "no-verify")',
    ]);
  });

  test('when synchronous commit is asked for, then it is passed on as given', () => {
    expect(loadConfig({ DB_SYNCHRONOUS_COMMIT: 'remote_apply' }).db.synchronousCommit).toBe('remote_apply');
  });
});

/** A self-signed certificate for `keyPem`, made with openssl (the test's CA and client certificate at once). */
function selfSigned(keyPem: string): string {
  const work = mkdtempSync(join(tmpdir(), 'self-signed-'));
  try {
    writeFileSync(join(work, 'key.pem'), keyPem);
    execFileSync('openssl', [
      'req',
      '-x509',
      '-new',
      '-key',
      join(work, 'key.pem'),
      '-out',
      join(work, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=config-test',
    ]);
    return readFileSync(join(work, 'cert.pem'), 'utf8');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('Redis topologies, TLS and users', () => {
  test('when nothing is set, then one server at localhost:6379, plain, as the default user', () => {
    const { redis } = loadConfig({});
    expect(redis).toMatchObject({ topology: { mode: 'standalone', address: { host: 'localhost', port: 6379 } }, db: 0 });
    expect(redis.tls).toBeUndefined();
    expect(redis.username).toBeUndefined();
  });

  test('when REDIS_ADDRESS is a rediss:// URL, then TLS is on; REDIS_USERNAME names an ACL user', () => {
    const { redis } = loadConfig({ REDIS_ADDRESS: 'rediss://cache.example.internal:6380', REDIS_USERNAME: 'app' });
    expect(redis).toMatchObject({
      topology: { mode: 'standalone', address: { host: 'cache.example.internal', port: 6380 } },
      tls: {},
      username: 'app',
    });
  });

  test('when Sentinel or Cluster mode is chosen, then their lists are read; the master name defaults to mymaster', () => {
    expect(
      loadConfig({ REDIS_MODE: 'sentinel', REDIS_SENTINELS: 's1:26379, s2:26379', REDIS_SENTINEL_PASSWORD: 'pw' }).redis.topology,
    ).toEqual({
      mode: 'sentinel',
      masterName: 'mymaster',
      sentinelPassword: 'pw',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
    });
    expect(loadConfig({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' }).redis.topology).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
    });
  });

  test("when the Redis settings disagree, then each problem names its variable, and a URL's credentials are never echoed", () => {
    expect(problemsOf({ REDIS_MODE: 'sentinel' })).toEqual([
      'REDIS_SENTINELS: is required with REDIS_MODE=sentinel (host:port, comma-separated)',
    ]);
    expect(problemsOf({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'n1:7000,n2', REDIS_DB: '3' })).toEqual([
      'REDIS_CLUSTER_NODES: each entry must be host:port (got "n2")',
      'REDIS_DB: a Redis Cluster has database 0 only (got 3)',
    ]);
    const leaked = problemsOf({ REDIS_ADDRESS: 'rediss://app:hunter2@cache:6380' });
    expect(leaked).toEqual([
      'REDIS_ADDRESS: must be host:port, redis://host:port or rediss://host:port (credentials go in REDIS_USERNAME and REDIS_PASSWORD)',
    ]);
    expect(problemsOf({ REDIS_ADDRESS: 'rediss://cache:6380', REDIS_TLS: 'false' })).toEqual([
      'REDIS_TLS: is false, yet REDIS_ADDRESS is a rediss:// URL',
    ]);
  });
});

describe('RabbitMQ nodes, queue type and TLS', () => {
  test('when nothing is set, then one local node with classic queues; in production quorum queues', () => {
    expect(loadConfig({}).queue).toMatchObject({ uris: ['amqp://guest:guest@localhost:5672/'], type: 'classic', tls: {} });
    const production = loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'pw', REDIS_PASSWORD: 'pw', AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(production.queue.type).toBe('quorum');
    expect(production.tasks.republishAfterMs).toBe(300_000);
  });

  test('when QUEUE_URIS or a comma-separated QUEUE_URI lists the nodes, then each is a URL of its own', () => {
    const nodes = ['amqp://app:pw@rabbit-0:5672/', 'amqp://app:pw@rabbit-1:5672/'];
    expect(loadConfig({ QUEUE_URIS: nodes.join(',') }).queue.uris).toEqual(nodes);
    expect(loadConfig({ QUEUE_URI: nodes.join(', ') }).queue.uris).toEqual(nodes);
  });

  test('when a node URL is bad, then the problem says which entry without repeating it (it holds a password)', () => {
    const problems = problemsOf({
      QUEUE_URIS: 'amqp://app:s3cret@rabbit-0:5672/,http://app:s3cret@rabbit-1/',
      QUEUE_URI: 'amqp://x',
      QUEUE_TYPE: 'stream',
    });
    expect(problems).toEqual([
      'QUEUE_URI and QUEUE_URIS: set one of them (QUEUE_URIS lists the nodes of a cluster)',
      'QUEUE_URIS: entry 2 must be an amqp:// or amqps:// URL',
      'QUEUE_TYPE: must be one of classic, quorum (got "stream")',
    ]);
    expect(problems.join('\n')).not.toContain('s3cret');
  });
});

describe('tracing (the standard OTEL_* variables)', () => {
  test('when no OTLP endpoint is set, or the SDK is disabled, then tracing is off', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
  });

  test('when the generic endpoint is set, then spans go to its /v1/traces as protobuf, parent-based, with the service named', () => {
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=id%20core',
      }).tracing,
    ).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMs: 10_000,
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      resource: { 'deployment.environment.name': 'prod', team: 'id core', 'service.name': 'profile-service' },
    });
  });

  test('when the traces endpoint, headers, sampler and service name are set, then they apply as the specification says', () => {
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/api/traces',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-scope=a',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-scope=b',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_SERVICE_NAME: 'profiles-eu',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }).tracing,
    ).toMatchObject({
      url: 'https://otlp.example.com/api/traces',
      protocol: 'http/json',
      headers: { authorization: 'Bearer abc', 'x-scope': 'b' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      resource: { 'service.name': 'profiles-eu' },
    });
  });

  test('when the OTEL_* values are wrong, then start-up is refused, naming each, without echoing a header', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '2',
    });
    expect(problems).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL (OTLP over HTTP, the collector's port 4318)",
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be one of http/protobuf, http/json (got "grpc")',
      'OTEL_EXPORTER_OTLP_HEADERS: must be a comma-separated list of key=value pairs (values URL-encoded)',
      'OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1 with OTEL_TRACES_SAMPLER=traceidratio (got "2")',
    ]);
    expect(problems.join('\n')).not.toContain('api-key');
  });
});

describe('profile events (EVENTS_*)', () => {
  test('when nothing is set, then events go to the profile-events exchange, from /profile-service, public members only', () => {
    expect(loadConfig({}).events).toEqual({ enabled: true, exchange: 'profile-events', source: '/profile-service', includePrivate: false });
    expect(loadConfig({ EVENTS_ENABLED: 'false' }).events.enabled).toBe(false);
  });

  test('when the EVENTS_* values are wrong, then start-up is refused, naming each', () => {
    expect(
      problemsOf({
        EVENTS_EXCHANGE: 'profile events',
        EVENTS_SOURCE: 'my service',
        EVENTS_INCLUDE_PRIVATE: 'maybe',
        EVENTS_ENABLED: 'nope',
      }),
    ).toEqual([
      'EVENTS_EXCHANGE: may contain only letters, digits, ".", "_", ":" and "-"',
      'EVENTS_SOURCE: must be a URI reference (no spaces), such as /profile-service or https://profiles.example.com',
      'EVENTS_ENABLED: must be true or false (got "nope")',
      'EVENTS_INCLUDE_PRIVATE: must be true or false (got "maybe")',
    ]);
  });
});
