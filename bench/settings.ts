// The benchmarks' settings: the BENCH_* variables, and where the machine's services are (the
// PG* variables as psql reads them, REDIS_ADDRESS, QUEUE_URI). Read and checked as the service
// reads its own (src/adapters/settings/env-reader.ts): a bad value stops the run with one
// message naming every bad variable, before anything is started.
import { ConfigError, EnvReader } from '../src/adapters/settings/env-reader.js';

const read = new EnvReader(process.env);
const count = (name: string, fallback: number, max = 100_000_000) => read.integer(name, fallback, { min: 1, max });

export const BENCH = {
  /** Seconds each scenario is measured for, per round. */
  seconds: count('BENCH_SECONDS', 5, 3600),
  /** Rounds of every scenario; unset, each benchmark takes its own default. */
  rounds: read.optionalInteger('BENCH_ROUNDS', undefined, { min: 1, max: 100 }),
  /** Requests per second of the fixed-rate runs (CPU per request). */
  fixedRate: count('BENCH_FIXED_RATE', 2000, 100_000),
  /** Where the servers' logs go while measured: /dev/null, a file each, or a pipe the bench reads (as production's log agent). */
  log: read.oneOf('BENCH_LOG', ['null', 'file', 'pipe'], 'null'),
  /** The service's LOG_LEVEL while measured. */
  logLevel: read.oneOf('BENCH_LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal'], 'info'),
  /** Another checkout's dist/bootstrap/server.js, measured beside this one. */
  compare: read.optionalString('BENCH_COMPARE'),
  /** npm run bench: only these scenarios (their ids, comma-separated), with the baselines they need. */
  only: read
    .optionalString('BENCH_ONLY')
    ?.split(',')
    .map((id) => id.trim()),
  /** Where servers write CPU profiles when they stop. */
  cpuProfileDir: read.optionalString('BENCH_CPU_PROFILE'),
  /** wrk when installed; `autocannon` forces autocannon. */
  loadGenerator: read.optionalOneOf('BENCH_LOADGEN', ['wrk', 'autocannon']),
  soakRequests: count('BENCH_SOAK_REQUESTS', 1_000_000),
  /** npm run bench:capacity: the requests a second the three instances share. */
  capacityRate: count('BENCH_CAPACITY_RATE', 2000, 100_000),
  importLines: count('BENCH_IMPORT_LINES', 100_000),
  importCacheDriver: read.oneOf('BENCH_CACHE_DRIVER', ['redis', 'memory', 'none'], 'redis'),
  listRows: count('BENCH_LIST_ROWS', 1_000_000),
  searchRows: count('BENCH_SEARCH_ROWS', 1_000_000),
  searchConnections: count('BENCH_CONNECTIONS', 1, 1000),
  keepDatabase: read.boolean('BENCH_KEEP_DB', false),
  /** The rate limits measured by npm run bench:rate-limit (requests per window). */
  rateLimits: (read.optionalString('BENCH_RATE_LIMITS') ?? '600,120,20').split(',').map((limit) => {
    const points = Number(limit);
    if (!Number.isInteger(points) || points < 1)
      read.problem(`BENCH_RATE_LIMITS: must be positive integers, comma-separated (got "${limit}")`);
    return points;
  }),
} as const;

export const SERVICES = {
  postgres: {
    host: read.string('PGHOST', '127.0.0.1'),
    port: read.integer('PGPORT', 5432, { min: 1, max: 65_535 }),
    user: read.string('PGUSER', 'postgres'),
    password: read.optionalString('PGPASSWORD'),
  },
  redisAddress: read.string('REDIS_ADDRESS', '127.0.0.1:6379'),
  queueUri: read.string('QUEUE_URI', 'amqp://guest:guest@127.0.0.1:5672'),
} as const;

try {
  read.done();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

/** The rounds of a benchmark: BENCH_ROUNDS, else its own default. */
export const roundsOr = (fallback: number): number => BENCH.rounds ?? fallback;
