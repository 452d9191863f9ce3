// The resilience and batching settings that are the service's own design, named once with the
// reason for each; a refusal's Retry-After follows from its breaker's reset time (guard-for.ts).
// What an operator tunes per deployment is a config variable instead (DB_READ_TIMEOUT,
// DB_WRITE_TIMEOUT, DB_BREAKER_RESET, REDIS_COMMAND_TIMEOUT, QUEUE_PUBLISH_TIMEOUT, TASK_LEASE,
// OUTBOX_POLL_INTERVAL: see config.ts).

/** Every breaker opens when half the calls of its rolling window failed... */
export const BREAKER_ERROR_PERCENTAGE = 50;
/** ...once the window holds this many calls: fewer are noise, not a trend. */
export const BREAKER_VOLUME_THRESHOLD = 5;

/**
 * Searches that may wait for a turn, per search allowed to run (SEARCH_CONCURRENCY): a short
 * burst waits a moment; a flood is answered 503 with Retry-After at once, not after the read
 * deadline, and leaves the database to the rest of the API.
 */
export const SEARCH_QUEUE_PER_SLOT = 4;

export const DATABASE_GUARD = {
  /** Extra attempts for a read (never a write, which may have been applied): a dropped connection heals on the next one. */
  readRetries: 2,
} as const;

export const REPLICA_GUARD = {
  /**
   * A replica gets this share of a read's deadline; the primary the rest, should the replica
   * fail or hang: a read is never slower than DB_READ_TIMEOUT for a replica's sake.
   */
  shareOfReadDeadline: 0.5,
  /** A read that a replica could not serve goes to the primary: that is its retry. */
  retries: 0,
} as const;

export const CACHE_GUARD = {
  /** Redis is asked once: a retry would cost more than the database read it saves. */
  retries: 0,
  /** The guard's deadline sits just above ioredis's own command timeout, which fires first. */
  deadlineSlackMs: 50,
  /**
   * A trial call a second after the breaker opens: Redis is in use again within about a second
   * of answering (a failover, a restart). A trial that fails costs little: at once while the
   * client has no connection, a command timeout while Redis hangs.
   */
  resetTimeoutMs: 1000,
} as const;

/**
 * How often each instance looks at the Redis master behind its client: a failover changes it
 * without any command failing, and its new master may lack invalidations the old one took.
 * One INFO per master a second.
 */
export const REDIS_SERVER_CHECK_MS = 1000;

export const QUEUE_GUARD = {
  /** A publish is not retried in place: the task stays in the outbox and the relay's next round publishes it. */
  retries: 0,
  /** Above the broker confirm's own timeout (QUEUE_PUBLISH_TIMEOUT), which fires first. */
  deadlineSlackMs: 500,
  /** A trial publish a second after the breaker opens: the relay resumes within about that of the broker's return. */
  resetTimeoutMs: 1000,
} as const;

/**
 * Reaching RabbitMQ, at start and after a lost connection: quick at first, then every second,
 * so a broker back from an outage is in use again within about a second.
 */
export const QUEUE_RECONNECT = { minMs: 250, maxMs: 1000, factor: 2 } as const;

export const RELAY = {
  /** Tasks handed to the queue per round (one transaction): bounded work per poll. */
  batchSize: 100,
  /** The longest the relay waits between passes while the queue is unreachable: once it is back, the backlog moves within a second. */
  maxBackoffMs: 1000,
  /** How often a pass looks for tasks the queue was given long ago and never delivered (TASK_REPUBLISH_AFTER says how long). */
  strandedCheckMs: 5000,
  /**
   * Within this horizon a task's delay is the queue's (TTL delay queues); beyond it, the task
   * waits in the database, so a purge due in 30 days is not a message for 30 days.
   */
  horizonMs: 15 * 60_000,
} as const;

/**
 * Profiles an import stores per statement: one round trip per 500 lines instead of per line,
 * while a batch (about 100 KB of rows) stays far inside a write's deadline.
 */
export const IMPORT_BATCH_SIZE = 500;

/**
 * Points of a shared rate limit an instance takes from Redis at a time (leased-request-limiter.ts):
 * a twentieth of the limit, at most 10 (600 reads a minute: one Redis round trip per 10
 * requests), at least 1 (a limit of 20 or less is counted request by request, exactly).
 */
export const rateLimitLease = (points: number): number => Math.min(10, Math.max(1, Math.floor(points / 20)));

export const HTTP_SERVER = {
  /** A request whose headers and body have not arrived in this time is cut (slow-loris senders). */
  requestTimeoutMs: 30_000,
  /** While draining at shutdown, idle keep-alive connections are closed this often. */
  idleSweepMs: 100,
} as const;

/** Start-up retries of what can heal (the database not reachable yet): quick at first, every 5 s at most. */
export const STARTUP_BACKOFF = { minTimeoutMs: 250, maxTimeoutMs: 5000, factor: 2 } as const;

/**
 * At exit (SIGTERM, a start-up failure), how long the log lines still held may take to reach
 * stdout's reader: all of them while it reads, and a reader that stopped cannot hold the exit.
 * Within the 15 s the deployment leaves after the shutdown delay and grace period.
 */
export const LOG_FLUSH_TIMEOUT_MS = 2000;
