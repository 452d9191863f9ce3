// The cache's two Redis connections (commands, and the invalidation channel's subscriber) and
// their policy: errors logged, never thrown; a client that gave up reconnecting started again;
// a refusal waiting will not mend said once, naming its setting; and, when the cache's breaker
// opens, a connection still up made anew (below). Also the cache's probe and its shutdown.
import type { DependencyProbe, DependencyStatus } from '../dependencies/probe.js';
import type { Logger } from '../observability/logger.js';
import type { Guard } from '../resilience/guard.js';
import { RedisConnectionWatch } from './connection-watch.js';
import { createRedisClient, describeTopology, reconnectWhenEnded, type RedisClient, type RedisSettings } from './redis-client.js';

export class RedisConnections {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  private readonly watch: RedisConnectionWatch;
  private closing = false;

  /** `guard` is the cache's: its state decides the probe's answer and when connections are made anew. */
  constructor(
    private readonly settings: RedisSettings,
    private readonly guard: Guard,
    private readonly log: Logger,
  ) {
    this.commands = createRedisClient(settings, 'cache');
    this.subscriber = createRedisClient(settings, 'cache-events');
    const where = describeTopology(settings);
    for (const [client, role] of [
      [this.commands, 'commands'],
      [this.subscriber, 'subscriber'],
    ] as const) {
      // Without a listener an unreachable Redis would crash the process; it is expected, so it is only logged.
      client.on('error', (error: Error) => log.debug({ err: error, role }, 'redis connection error'));
      client.on('ready', () => log.info({ step: 'cache', role, redis: where }, 'redis connected'));
      reconnectWhenEnded(
        client,
        () => this.closing,
        () => log.warn({ step: 'cache', role, redis: where }, 'the Redis client gave up reconnecting: starting it again'),
      );
    }
    this.watch = new RedisConnectionWatch(this.commands, settings.tls !== undefined, (refusal) =>
      log.error(
        { step: 'cache', redis: where, setting: refusal.setting },
        `${refusal.setting}: ${refusal.reason}; the cache and shared rate limits are off until it is fixed`,
      ),
    );
    this.renewWhenBreakerOpens();
  }

  /**
   * A connection that stopped answering cannot be trusted once it answers again: commands that
   * timed out may never have reached Redis, and ioredis would match later replies to them. Each
   * time the guard's breaker opens (again), a connection still up is made anew; one that is
   * already reconnecting is left to it (starting it over would only delay it).
   */
  private renewWhenBreakerOpens(): void {
    this.guard.onStateChange((state) => {
      if (state !== 'open') return;
      this.log.info({ step: 'cache' }, 'the cache and rate limits run in process while Redis is away');
      for (const client of [this.commands, this.subscriber]) if (client.status === 'ready') client.disconnect(true);
    });
  }

  /**
   * The in-process tier keeps serving without Redis: the service is degraded, not down, while
   * Redis is away; down when Redis refuses it for a reason waiting will not mend (never critical).
   */
  probe(): DependencyProbe {
    const { guard } = this;
    return {
      name: 'cache',
      critical: false,
      check: async () => {
        if (this.watch.problem) return 'down';
        if (this.commands.status !== 'ready' || guard.state === 'open') return 'degraded';
        return guard
          .run(() => this.commands.ping(), { idempotent: true })
          .then(
            (): DependencyStatus => 'up',
            (): DependencyStatus => 'degraded',
          );
      },
      details: () => ({
        breaker: guard.state,
        mode: this.settings.topology.mode,
        ...(this.watch.problem ? { reason: `${this.watch.problem.setting}: ${this.watch.problem.reason}` } : {}),
      }),
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([quit(this.subscriber), quit(this.commands)]);
  }
}

async function quit(client: RedisClient): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
