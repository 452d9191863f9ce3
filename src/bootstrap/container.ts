// The composition root, read top to bottom: which bundle of adapters serves each dependency
// (chosen by its driver variable), and the bundles every process loads. Each bundle (in
// bundles/) binds its adapters from its own slice of the configuration; nothing is built
// until something asks for it, so the order of bundles does not matter.
import { Container, type ContainerModule } from 'inversify';
import type { PgliteDriver } from '../adapters/postgres/pglite-driver.js';
import { coreBundle, coreSettings } from './bundles/core.js';
import { eventsBundle } from './bundles/events.js';
import { apiBundle, httpSettings, workerHttpBundle } from './bundles/http.js';
import { processBundle, type ProcessServices } from './bundles/process.js';
import { taskWorkBundle } from './bundles/task-work.js';
import type { CACHE_DRIVERS, Config, DB_DRIVERS, QUEUE_DRIVERS } from '../adapters/settings/config.js';

/** What a process is for: the API (and, unless WORKER_ENABLED=false, tasks), or tasks alone. */
export type ProcessRole = 'server' | 'worker';

export interface Runtime extends ProcessServices {
  readonly role: ProcessRole;
  readonly version: string;
  /** The embedded database, when the entry point opened it first (adapters/postgres/embedded-database.ts). */
  readonly embedded?: PgliteDriver;
}

type BundleFor = (config: Config, runtime: Runtime) => Promise<ContainerModule>;

/**
 * The driver table: for each dependency, its bundle by driver. A bundle's technology (pg,
 * PGlite, ioredis, Rascal) is loaded only when its driver is chosen.
 */
export const DRIVER_TABLE: {
  readonly DB_DRIVER: Record<(typeof DB_DRIVERS)[number], BundleFor>;
  readonly CACHE_DRIVER: Record<(typeof CACHE_DRIVERS)[number], BundleFor>;
  readonly QUEUE_DRIVER: Record<(typeof QUEUE_DRIVERS)[number], BundleFor>;
} = {
  DB_DRIVER: {
    memory: async () => (await import('./bundles/memory.js')).memoryDatabase(),
    pglite: async (config, { embedded }) => (await import('./bundles/sql.js')).pgliteDatabase(config.db, config.dataDir, embedded),
    postgres: async (config) => (await import('./bundles/sql.js')).postgresDatabase(config.db),
  },
  CACHE_DRIVER: {
    memory: async (config) => (await import('./bundles/memory.js')).memoryCache(config),
    none: async (config) => (await import('./bundles/memory.js')).memoryCache(config),
    redis: async (config) => (await import('./bundles/redis.js')).redisCache(config),
  },
  QUEUE_DRIVER: {
    memory: async (config) => (await import('./bundles/memory.js')).memoryQueue(config),
    rabbitmq: async (config) => (await import('./bundles/rabbitmq.js')).rabbitmqQueue(config),
  },
};

/** The bundles of the three dependencies, as the configuration chooses them. */
export async function dependencyBundles(config: Config, runtime: Runtime): Promise<ContainerModule[]> {
  // One after another: they share modules (the guard), and loading takes milliseconds.
  return [
    await DRIVER_TABLE.DB_DRIVER[config.db.driver](config, runtime),
    await DRIVER_TABLE.CACHE_DRIVER[config.cache.driver](config, runtime),
    await DRIVER_TABLE.QUEUE_DRIVER[config.queue.driver](config, runtime),
  ];
}

export async function buildContainer(config: Config, runtime: Runtime): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    processBundle(runtime),
    eventsBundle(config.events),
    ...(await dependencyBundles(config, runtime)),
    coreBundle(coreSettings(config)),
    taskWorkBundle(config.tasks),
    runtime.role === 'server' ? apiBundle(httpSettings(config, runtime.version)) : workerHttpBundle(httpSettings(config, runtime.version)),
  );
  return container;
}
