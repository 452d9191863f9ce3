// The service's configuration: the only reader of process.env. Every variable has a
// default (documented in the README) and is validated before anything starts.
import { resolve } from 'node:path';
import { SSL_MODES, type SslMode } from '../postgres/pg-tls.js';
import type { RedisSettings } from '../redis/redis-client.js';
import { EnvReader } from './env-reader.js';
import { readQueueSettings, type QueueSettings } from './queue-settings.js';
import { readRedisSettings } from './redis-settings.js';
import { readTlsFiles } from './tls-files.js';
import { readTracingSettings } from './tracing-settings.js';
import type { TracingSettings } from '../observability/tracing.js';

// Drivers this build implements. `memory` keeps profiles in the process only: for tests and
// throwaway runs; `none` switches caching off (for measurements).
export const DB_DRIVERS = ['pglite', 'postgres', 'memory'] as const;
export const CACHE_DRIVERS = ['memory', 'redis', 'none'] as const;
export const QUEUE_DRIVERS = ['memory', 'rabbitmq'] as const;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** PostgreSQL's synchronous_commit: how far a commit travels before it is acknowledged. */
export const SYNCHRONOUS_COMMIT_LEVELS = ['off', 'local', 'remote_write', 'on', 'remote_apply'] as const;

export interface Config {
  readonly production: boolean;
  readonly server: {
    readonly port: number;
    /** Where /metrics and the detailed /health are served instead of `port` (the public one keeps the probes and the API). */
    readonly adminPort?: number;
    readonly host: string;
    readonly trustProxy: boolean;
    readonly bodyLimitBytes: number;
    /** After SIGTERM: how long to keep serving, not ready, while endpoints stop routing here. */
    readonly shutdownDelayMs: number;
    /** After that delay: how long in-flight requests may take to finish. */
    readonly shutdownGraceMs: number;
  };
  readonly db: {
    readonly driver: (typeof DB_DRIVERS)[number];
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password?: string;
    readonly name: string;
    readonly readHosts: readonly string[];
    readonly poolMax: number;
    readonly connectTimeoutMs: number;
    readonly statementTimeoutMs: number;
    readonly idleTimeoutMs: number;
    /** A pooled connection is closed after this long, so that a database endpoint that moved is followed. */
    readonly poolMaxLifetimeMs: number;
    /** Whether the service migrates the schema as it starts (else it waits until the migration step has). */
    readonly migrateOnStart: boolean;
    /** TLS to the primary and the replicas, with libpq's sslmode meanings; certificates as PEM text read from their files. */
    readonly tls: {
      readonly mode: SslMode;
      readonly ca?: string;
      readonly cert?: string;
      readonly key?: string;
    };
    /** The sessions' synchronous_commit; the server's own when unset. */
    readonly synchronousCommit?: (typeof SYNCHRONOUS_COMMIT_LEVELS)[number];
    /** How long an open breaker waits before it lets a trial call through. */
    readonly breakerResetMs: number;
    /** The deadline of a read, retries included: the longest a request waits for the database to read. */
    readonly readTimeoutMs: number;
    /** The deadline of a write or a transaction. */
    readonly writeTimeoutMs: number;
    /** How many searches may run at once; a few more wait, the rest get 503 (SEARCH_CONCURRENCY). */
    readonly searchConcurrency: number;
  };
  readonly cache: {
    readonly driver: (typeof CACHE_DRIVERS)[number];
    /** Lifetime of an in-process (L1) entry: the longest any instance may serve a replaced version. */
    readonly ttlMs: number;
    /** Lifetime of a Redis (L2) entry. */
    readonly sharedTtlMs: number;
    readonly keyPrefix: string;
    readonly absentTtlMs: number;
    readonly maxEntries: number;
  };
  readonly queue: { readonly driver: (typeof QUEUE_DRIVERS)[number] } & QueueSettings;
  readonly tasks: {
    /** Whether this process consumes tasks (the server does by default; `npm run worker` always). */
    readonly workerEnabled: boolean;
    /** Where `npm run worker` serves its health probes and metrics. */
    readonly workerHttpPort: number;
    /** Tasks one process runs at once (the consumer's prefetch). */
    readonly concurrency: number;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly leaseMs: number;
    readonly relayIntervalMs: number;
    /** A task handed to the queue but neither started nor due for this long is handed over again (a broker that lost it). */
    readonly republishAfterMs: number;
  };
  readonly uploads: {
    readonly avatarMaxBytes: number;
    readonly importMaxBytes: number;
  };
  readonly redis: RedisSettings;
  readonly dataDir: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Log bytes held while stdout's reader is behind; lines beyond are dropped and counted (log-output.ts). */
  readonly logBufferBytes: number;
  readonly auth: {
    /** Unset outside production: the service keeps a generated one under DATA_DIR. */
    readonly secret?: string;
    readonly issuer?: string;
    readonly audience?: string;
    /** Leeway on exp, nbf and iat for clocks that disagree a little. */
    readonly clockToleranceMs: number;
  };
  readonly metricsToken?: string;
  /** Profile events: where they go and what they show. */
  readonly events: {
    /** Whether changes write events at all (EVENTS_ENABLED, default true). */
    readonly enabled: boolean;
    /** The RabbitMQ topic exchange (EVENTS_EXCHANGE). */
    readonly exchange: string;
    /** The CloudEvents `source` (EVENTS_SOURCE). */
    readonly source: string;
    /** Whether the profile's private members (e-mail) are in the events (EVENTS_INCLUDE_PRIVATE). */
    readonly includePrivate: boolean;
  };
  /** OpenTelemetry traces (the OTEL_* variables); unset, no span is made. */
  readonly tracing?: TracingSettings;
  readonly profiles: {
    readonly purgeGracePeriodMs: number;
    readonly idempotencyTtlMs: number;
  };
  readonly rateLimit: {
    readonly windowSeconds: number;
    readonly readsPerWindow: number;
    readonly writesPerWindow: number;
    readonly uploadsPerWindow: number;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = new EnvReader(env);
  const production = env['NODE_ENV'] === 'production';

  // In production the real infrastructure is the default; an embedded driver must be chosen on purpose.
  const dbDriver = read.oneOf('DB_DRIVER', DB_DRIVERS, production ? 'postgres' : 'pglite');
  const poolMax = read.integer('DB_POOL_MAX', 10, { min: 1, max: 1000 });
  const dbPassword = read.optionalString('DB_PASSWORD');
  if (production && dbDriver === 'postgres' && dbPassword === undefined)
    read.problem('DB_PASSWORD: is required with DB_DRIVER=postgres in production');
  const readHosts = (read.optionalString('DB_READ_HOSTS') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (const host of readHosts) {
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) read.problem(`DB_READ_HOSTS: "${host}" is not a host or host:port`);
  }
  const dbTls = readTlsFiles(read, { ca: 'DB_SSL_CA', cert: 'DB_SSL_CERT', key: 'DB_SSL_KEY' });
  // libpq's default is prefer; a CA given means its certificates are to be checked, host name included.
  const sslMode = read.oneOf('DB_SSL_MODE', SSL_MODES, dbTls.ca !== undefined ? 'verify-full' : 'prefer');
  if (sslMode === 'verify-ca' && dbTls.ca === undefined)
    read.problem("DB_SSL_CA: is required with DB_SSL_MODE=verify-ca (the CA to verify the server's certificate against)");
  if (sslMode === 'disable' && Object.keys(dbTls).length > 0)
    read.problem('DB_SSL_MODE: is disable, yet DB_SSL_CA, DB_SSL_CERT or DB_SSL_KEY is set; choose a mode that uses them, or unset them');
  const synchronousCommit = read.optionalOneOf('DB_SYNCHRONOUS_COMMIT', SYNCHRONOUS_COMMIT_LEVELS);
  const cacheDriver = read.oneOf('CACHE_DRIVER', CACHE_DRIVERS, production ? 'redis' : 'memory');
  const redis = readRedisSettings(read, { production, used: cacheDriver === 'redis' });
  const queueDriver = read.oneOf('QUEUE_DRIVER', QUEUE_DRIVERS, production ? 'rabbitmq' : 'memory');
  const queue = readQueueSettings(read, { production });

  const secret = read.optionalString('AUTH_JWT_SECRET');
  if (secret !== undefined && Buffer.byteLength(secret) < 32) {
    read.problem(`AUTH_JWT_SECRET: must be at least 32 bytes for HS256 (got ${Buffer.byteLength(secret)})`);
  }
  if (secret === undefined && production) read.problem('AUTH_JWT_SECRET: is required in production');
  const metricsToken = read.optionalString('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    read.problem(`METRICS_TOKEN: must be at least 16 characters (got ${metricsToken.length})`);
  }

  const config: Config = {
    production,
    server: {
      port: read.integer('SERVER_PORT', 8080, { min: 0, max: 65535 }),
      // In production metrics and the dependency report stay off the public port; a laptop keeps one port.
      ...optional('adminPort', read.optionalInteger('ADMIN_PORT', production ? 9090 : undefined, { min: 0, max: 65535 })),
      host: read.string('SERVER_HOST', '0.0.0.0'),
      trustProxy: read.boolean('TRUST_PROXY', false),
      bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
      shutdownDelayMs: read.duration('SHUTDOWN_DELAY', '5s', { minMs: 0 }),
      shutdownGraceMs: read.duration('SHUTDOWN_GRACE_PERIOD', '20s', { minMs: 1 }),
    },
    db: {
      driver: dbDriver,
      host: read.string('DB_HOST', 'localhost'),
      port: read.integer('DB_PORT', 5432, { min: 1, max: 65535 }),
      user: read.string('DB_USER', 'postgres'),
      ...optional('password', dbPassword),
      name: read.string('DB_NAME', 'profiles'),
      readHosts,
      poolMax,
      connectTimeoutMs: read.duration('DB_CONNECT_TIMEOUT', '2s', { minMs: 1 }),
      statementTimeoutMs: read.duration('DB_STATEMENT_TIMEOUT', '5s', { minMs: 1 }),
      idleTimeoutMs: read.duration('DB_IDLE_TIMEOUT', '30s', { minMs: 1 }),
      poolMaxLifetimeMs: read.duration('DB_POOL_MAX_LIFETIME', '5m', { minMs: 1000 }),
      migrateOnStart: read.boolean('MIGRATE_ON_START', true),
      tls: { mode: sslMode, ...dbTls },
      ...optional('synchronousCommit', synchronousCommit),
      breakerResetMs: read.duration('DB_BREAKER_RESET', '1s', { minMs: 1 }),
      // Below a second on PostgreSQL, so that no request waits a second for a database that hangs.
      // The embedded database has no network to hang on, and moves megabytes of bytea slowly.
      readTimeoutMs: read.duration('DB_READ_TIMEOUT', dbDriver === 'postgres' ? '800ms' : '5s', { minMs: 1 }),
      writeTimeoutMs: read.duration('DB_WRITE_TIMEOUT', dbDriver === 'postgres' ? '900ms' : '10s', { minMs: 1 }),
      // Searches are the costliest reads: half the pool on PostgreSQL, so that the rest of the
      // API always has connections; two on the embedded database, which runs one query at a time.
      searchConcurrency: read.integer('SEARCH_CONCURRENCY', dbDriver === 'postgres' ? Math.max(1, Math.floor(poolMax / 2)) : 2, {
        min: 1,
        max: 1000,
      }),
    },
    cache: {
      driver: cacheDriver,
      ttlMs: read.duration('CACHE_L1_TTL', '5s', { minMs: 1 }),
      sharedTtlMs: read.duration('CACHE_L2_TTL', '5m', { minMs: 1 }),
      keyPrefix: read.string('CACHE_KEY_PREFIX', 'profiles'),
      absentTtlMs: read.duration('CACHE_ABSENT_TTL', '2s', { minMs: 1 }),
      maxEntries: read.integer('CACHE_L1_MAX_ENTRIES', 10_000, { min: 1, max: 10_000_000 }),
    },
    queue: { driver: queueDriver, ...queue },
    tasks: {
      workerEnabled: read.boolean('WORKER_ENABLED', true),
      workerHttpPort: read.integer('WORKER_HTTP_PORT', 8081, { min: 0, max: 65535 }),
      concurrency: read.integer('WORKER_CONCURRENCY', 4, { min: 1, max: 256 }),
      maxAttempts: read.integer('TASK_MAX_ATTEMPTS', 5, { min: 1, max: 100 }),
      retryBaseMs: read.duration('TASK_RETRY_BASE', '1s', { minMs: 10 }),
      retryMaxMs: read.duration('TASK_RETRY_MAX', '5m', { minMs: 10 }),
      // Renewed every third of it: a dead worker's tasks are taken over within this much.
      leaseMs: read.duration('TASK_LEASE', '10s', { minMs: 100 }),
      relayIntervalMs: read.duration('OUTBOX_POLL_INTERVAL', '250ms', { minMs: 10 }),
      // Idempotent by id: a task handed to the queue and not started by then is handed over again.
      republishAfterMs: read.duration('TASK_REPUBLISH_AFTER', '5m', { minMs: 1000 }),
    },
    uploads: {
      avatarMaxBytes: 5 * 1024 * 1024,
      importMaxBytes: read.integer('IMPORT_MAX_BYTES', 10 * 1024 * 1024, { min: 1024, max: 1024 * 1024 * 1024 }),
    },
    redis,
    dataDir: resolve(read.string('DATA_DIR', './data')),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logBufferBytes: read.integer('LOG_BUFFER_BYTES', 4 * 1024 * 1024, { min: 64 * 1024, max: 1024 * 1024 * 1024 }),
    auth: {
      ...(secret !== undefined ? { secret } : {}),
      ...optional('issuer', read.optionalString('AUTH_ISSUER')),
      ...optional('audience', read.optionalString('AUTH_AUDIENCE')),
      clockToleranceMs: read.duration('AUTH_CLOCK_TOLERANCE', '5s', { minMs: 0, maxMs: 60_000 }),
    },
    ...optional('metricsToken', metricsToken),
    events: readEventSettings(read),
    ...optional('tracing', readTracingSettings(read)),
    profiles: {
      purgeGracePeriodMs: read.duration('PURGE_GRACE_PERIOD', '30d', { minMs: 1 }),
      idempotencyTtlMs: read.duration('IDEMPOTENCY_TTL', '24h', { minMs: 1000 }),
    },
    rateLimit: {
      windowSeconds: read.integer('RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1, max: 86_400 }),
      readsPerWindow: read.integer('RATE_LIMIT_READS', 600, { min: 1, max: 10_000_000 }),
      writesPerWindow: read.integer('RATE_LIMIT_WRITES', 120, { min: 1, max: 10_000_000 }),
      uploadsPerWindow: read.integer('RATE_LIMIT_UPLOADS', 20, { min: 1, max: 10_000_000 }),
    },
  };
  read.done();
  return config;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readEventSettings(read: EnvReader): Config['events'] {
  const exchange = read.string('EVENTS_EXCHANGE', 'profile-events');
  if (!/^[A-Za-z0-9._:-]{1,255}$/.test(exchange)) read.problem('EVENTS_EXCHANGE: may contain only letters, digits, ".", "_", ":" and "-"');
  const source = read.string('EVENTS_SOURCE', '/profile-service');
  if (/\s/.test(source))
    read.problem('EVENTS_SOURCE: must be a URI reference (no spaces), such as /profile-service or https://profiles.example.com');
  return { enabled: read.boolean('EVENTS_ENABLED', true), exchange, source, includePrivate: read.boolean('EVENTS_INCLUDE_PRIVATE', false) };
}
