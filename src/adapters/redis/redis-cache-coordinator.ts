// Keeps the instances' caches coherent through Redis: invalidations are broadcast on a
// pub/sub channel (each instance drops its L1 entry), and when an instance could not reach
// Redis to invalidate, it bumps the cache generation as soon as Redis takes a command again,
// which makes every instance drop everything cached before. It does not wait for a reconnect:
// Redis may be reachable again on the same connection while its breaker is still open.
// A failover loses what the old master had not yet passed on, invalidations included, without
// any command failing: when the master behind the client changes (server-identity.ts), a new
// generation is started too; a connection that landed on a replica is made anew.
import type { CommittedVersion } from '../../domain/ports/profile-cache.js';
import type { Logger } from '../observability/logger.js';
import type { Guard } from '../resilience/guard.js';
import type { RedisClient } from './redis-client.js';
import type { RedisProfileCache } from './redis-profile-cache.js';
import { serverView } from './server-identity.js';

export type CacheEvent =
  | { readonly type: 'invalidate'; readonly id: string; readonly version: number }
  | { readonly type: 'generation'; readonly generation: number };

/** What travels on the channel: one event, or the invalidations of a bulk write in one message. */
type ChannelMessage = CacheEvent | { readonly type: 'invalidate-many'; readonly committed: readonly CommittedVersion[] };

export interface CacheEventListener {
  (event: CacheEvent): void;
}

/** How often an instance that lost an invalidation tries to start a new generation. */
const RESYNC_INTERVAL_MS = 500;

export class RedisCacheCoordinator {
  private readonly listeners: CacheEventListener[] = [];
  private invalidationLost = false;
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly serverCheck: NodeJS.Timeout;
  /** The identity of the data behind the client when last seen (server-identity.ts). */
  private identity: string | undefined;

  /** @param serverCheckMs how often the master behind the client is looked at (a failover needs no failed command to happen) */
  constructor(
    private readonly redis: RedisClient,
    subscriber: RedisClient,
    private readonly cache: RedisProfileCache,
    private readonly guard: Guard,
    private readonly channel: string,
    private readonly log: Logger,
    serverCheckMs: number,
  ) {
    cache.whenInvalidationFails(() => this.invalidationFailed());
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    subscriber.on(
      'ready',
      () => void subscriber.subscribe(channel).catch((error: unknown) => log.warn({ err: error }, 'cache channel subscribe failed')),
    );
    redis.on('ready', () => void this.onConnected());
    this.serverCheck = setInterval(() => void this.checkServer(), serverCheckMs);
    this.serverCheck.unref();
  }

  onEvent(listener: CacheEventListener): void {
    this.listeners.push(listener);
  }

  /** Tells the other instances that this version of a profile was committed. */
  announceInvalidation(id: string, version: number): Promise<void> {
    return this.announce({ type: 'invalidate', id, version });
  }

  /** Tells the other instances of many committed versions, in one message. */
  announceInvalidations(committed: readonly CommittedVersion[]): Promise<void> {
    return this.announce({ type: 'invalidate-many', committed });
  }

  private async announce(event: ChannelMessage): Promise<void> {
    const message = JSON.stringify(event);
    try {
      // Through the guard: while Redis is known to be away, the loss is noted without waiting.
      await this.guard.run(() => this.redis.publish(this.channel, message), { idempotent: false });
    } catch {
      this.invalidationFailed();
    }
  }

  /** Called when an invalidation could not reach Redis: a new generation is started as soon as Redis answers. */
  invalidationFailed(): void {
    this.invalidationLost = true;
    this.scheduleResync();
  }

  /** Stops the timers (at shutdown). */
  close(): void {
    clearTimeout(this.resyncTimer);
    clearInterval(this.serverCheck);
  }

  private scheduleResync(): void {
    if (this.resyncTimer) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      void this.resync().then((done) => {
        if (!done) this.scheduleResync();
      });
    }, RESYNC_INTERVAL_MS);
    this.resyncTimer.unref();
  }

  /** Starts a new generation if an invalidation was lost; false when Redis did not take it (try again). */
  private async resync(): Promise<boolean> {
    if (!this.invalidationLost) return true;
    try {
      this.invalidationLost = false;
      const generation = await this.guard.run(() => this.redis.incr(this.cache.generationKey), { idempotent: false });
      this.log.warn({ generation }, 'cache invalidations were lost while Redis was away: starting a new cache generation');
      this.switchTo(generation);
      await this.guard.run(
        () => this.redis.publish(this.channel, JSON.stringify({ type: 'generation', generation } satisfies CacheEvent)),
        { idempotent: false },
      );
      return true;
    } catch {
      // Whatever was not done is done again: a second bump costs a few misses, a missing one serves stale entries.
      this.invalidationLost = true;
      return false;
    }
  }

  /**
   * Looks at the master behind the client: another one than before (a failover, a restart)
   * may lack invalidations the old one took, so a new generation is started; a replica (a
   * demoted master behind an endpoint that moved) is left for the master.
   */
  private async checkServer(): Promise<void> {
    if (this.redis.status !== 'ready' || this.guard.state === 'open') return;
    let view;
    try {
      view = await this.guard.run(() => serverView(this.redis), { idempotent: true });
    } catch {
      return;
    }
    if (view.onReplica) {
      this.log.warn('Redis answers as a replica (a demoted master): reconnecting to find the master');
      this.redis.disconnect(true);
      return;
    }
    if (this.identity !== undefined && view.identity !== this.identity) {
      this.log.warn('the Redis master changed (a failover or a restart): starting a new cache generation');
      this.invalidationLost = true;
      this.scheduleResync();
    }
    this.identity = view.identity;
  }

  private async onConnected(): Promise<void> {
    await this.checkServer();
    if (this.invalidationLost) {
      if (!(await this.resync())) this.scheduleResync();
      return;
    }
    try {
      this.switchTo(Number((await this.redis.get(this.cache.generationKey)) ?? 0));
    } catch (error) {
      this.log.warn({ err: error }, 'reading the cache generation failed');
    }
  }

  private receive(message: string): void {
    let event: ChannelMessage;
    try {
      event = JSON.parse(message) as ChannelMessage;
    } catch {
      return;
    }
    if (event.type === 'generation') this.switchTo(event.generation);
    else if (event.type === 'invalidate-many')
      this.dispatch(event.committed.map(({ id, version }) => ({ type: 'invalidate', id, version })));
    else this.dispatch([event]);
  }

  private dispatch(events: readonly CacheEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  private switchTo(generation: number): void {
    this.cache.useGeneration(generation);
    for (const listener of this.listeners) listener({ type: 'generation', generation });
  }
}
