// What a process opens before anything else: metrics, the system of record, the cache and the
// queue, each chosen by its driver. Opened first because the embedded database takes about a
// second to open on its own thread, which then overlaps the loading of the rest of the service;
// each technology's adapters are loaded only when its driver is chosen.
import type { Clock } from '../domain/ports/clock.js';
import type { Logger } from '../adapters/observability/logger.js';
import type { PgliteDriver } from '../adapters/postgres/pglite-driver.js';
import { createMetrics, type Metrics } from '../adapters/observability/metrics.js';
import { guardMetrics } from '../adapters/resilience/guard-metrics.js';
import type { GuardObserver } from '../adapters/resilience/guard.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { createCaching } from './cache.js';
import type { Caching } from './caching.js';
import type { Config } from './config.js';
import { createQueueing, type Queueing } from './queue.js';
import { createStorage, type Storage } from './storage.js';

export interface Infrastructure {
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly guardObserver: GuardObserver;
  readonly storage: Storage;
  readonly caching: Caching;
  readonly queueing: Queueing;
}

/** Throws StartupError for what the operator must fix (the embedded database held by another process). */
export async function openInfrastructure(
  config: Config,
  log: Logger,
  opened: { readonly clock?: Clock; readonly embedded?: PgliteDriver } = {},
): Promise<Infrastructure> {
  const clock = opened.clock ?? new SystemClock();
  const metrics = createMetrics({ defaultMetrics: true });
  const guardObserver = guardMetrics(metrics.registry);
  const storage = await createStorage(config, { log, clock, metrics, guardObserver }, opened.embedded);
  const [caching, queueing] = await Promise.all([
    createCaching(config, { log, metrics, guardObserver }),
    createQueueing(config, { log, guardObserver }),
  ]);
  return { clock, metrics, guardObserver, storage, caching, queueing };
}
