import { Gauge, type Registry } from 'prom-client';
import type { PgDriver } from './pg-driver.js';

/** Connections of the primary pool by state, read at scrape time. */
export function registerPoolMetrics(registry: Registry, driver: PgDriver): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the primary PostgreSQL pool: total, idle, and requests waiting for one.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = driver.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
}
