// A shared request limit without a round trip per request. Each instance leases a few points
// of a key's budget from the shared store at a time and spends them locally; it asks again
// when its lease is spent or the window turns. The store's counter never grants more than the
// limit, so the instances together never let more through than one instance would (no
// overshoot); what a lease holds unspent at the end of a window is lost to the key, so a
// client spread over N instances may be refused up to N x (lease - 1) points early
// (docs/caching.md, "Rate limits", has the measured figures).
import { LRUCache } from 'lru-cache';
import { RateLimiterRes } from 'rate-limiter-flexible';

/** The shared budget: a fixed window of `points` per `duration` seconds per key. */
export interface SharedBudget {
  readonly points: number;
  readonly duration: number;
  /** Takes `points`; rejects with a RateLimiterRes (its consumedPoints past the limit) when the window's budget is spent. */
  consume(key: string, points: number): Promise<RateLimiterRes>;
}

interface Lease {
  /** Points this instance may still spend in the window without asking. */
  held: number;
  /** What the store had left when the lease was taken: none means none left for anyone. */
  storeRemaining: number;
  windowEndsAt: number;
}

export class LeasedRequestLimiter {
  private readonly leases: LRUCache<string, Lease>;
  private readonly renewing = new Map<string, Promise<Lease>>();

  /** @param leaseSize points taken from the store at a time (1 asks on every request) */
  constructor(
    private readonly store: SharedBudget,
    private readonly leaseSize: number,
    private readonly now: () => number = Date.now,
    maxKeys = 10_000,
  ) {
    this.leases = new LRUCache({ max: maxKeys });
  }

  get points(): number {
    return this.store.points;
  }

  get duration(): number {
    return this.store.duration;
  }

  async consume(key: string): Promise<RateLimiterRes> {
    for (;;) {
      const now = this.now();
      let lease = this.leases.get(key);
      if (lease === undefined || lease.windowEndsAt <= now) lease = await this.renew(key);
      else if (lease.held === 0 && lease.storeRemaining > 0) lease = await this.renew(key);
      const msBeforeNext = Math.max(0, lease.windowEndsAt - this.now());
      if (lease.held > 0) {
        lease.held--;
        return new RateLimiterRes(lease.storeRemaining + lease.held, msBeforeNext, this.store.points - lease.storeRemaining - lease.held);
      }
      // The store has nothing left for this window: refused here, without asking it again.
      if (lease.storeRemaining === 0 && lease.windowEndsAt > this.now()) {
        // rate-limiter-flexible's contract, which the middleware reads: a spent budget rejects with its RateLimiterRes.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw new RateLimiterRes(0, msBeforeNext, this.store.points);
      }
      // Another request spent the renewed lease first, or the window turned meanwhile: ask again.
    }
  }

  /** One renewal per key at a time: concurrent requests share it. */
  private renew(key: string): Promise<Lease> {
    let pending = this.renewing.get(key);
    if (pending === undefined) {
      pending = this.take(key).finally(() => this.renewing.delete(key));
      this.renewing.set(key, pending);
    }
    return pending;
  }

  private async take(key: string): Promise<Lease> {
    const wanted = this.leaseSize;
    let res: RateLimiterRes;
    let granted: number;
    try {
      res = await this.store.consume(key, wanted);
      granted = wanted;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      res = refusal;
      // The store counted all of `wanted`; what was left before it is this lease's.
      granted = Math.max(0, wanted - (res.consumedPoints - this.store.points));
    }
    const lease: Lease = {
      held: granted,
      storeRemaining: Math.max(0, this.store.points - res.consumedPoints),
      windowEndsAt: this.now() + res.msBeforeNext,
    };
    this.leases.set(key, lease);
    return lease;
  }
}
