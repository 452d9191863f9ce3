import { loadConfig } from '../../../src/bootstrap/config.js';
import { ConfigError } from '../../../src/bootstrap/env-reader.js';

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
