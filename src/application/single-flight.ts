/** Concurrent calls for one key share one execution of the work and its outcome. */
export class SingleFlight<V> {
  private readonly inFlight = new Map<string, Promise<V>>();

  run(key: string, work: () => Promise<V>): Promise<V> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    return this.track(key, work());
  }

  /**
   * `run` for many keys at once: keys already in flight join theirs; the others share one
   * execution of `work`, handed just those keys, whose answer holds a value for each of them.
   */
  runMany(keys: readonly string[], work: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>): Map<string, Promise<V>> {
    const fresh = keys.filter((key) => !this.inFlight.has(key));
    if (fresh.length > 0) {
      const batch = work(fresh);
      for (const key of fresh) {
        // Its outcome reaches callers through the map returned below.
        void this.track(
          key,
          batch.then((values) => {
            if (!values.has(key)) throw new Error(`the work answered for no ${key}`);
            return values.get(key)!;
          }),
        );
      }
    }
    return new Map(keys.map((key) => [key, this.inFlight.get(key)!]));
  }

  private track(key: string, started: Promise<V>): Promise<V> {
    const tracked = started.finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, tracked);
    return tracked;
  }
}
