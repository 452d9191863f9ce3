// One Prometheus registry per service instance (never the global one), so tests can run
// several instances in one process. Labels are bounded: route templates, not raw paths.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route' | 'status'>;
  readonly rateLimited: Counter<'limit'>;
}

export interface Metrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
  /** Cache lookups by tier (l1, l2) and result (hit, miss, error, fallback). */
  readonly cacheRequests: Counter<'tier' | 'result'>;
}

export function createMetrics(options: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    cacheRequests: new Counter({
      name: 'cache_requests_total',
      help: 'Profile cache lookups by tier (l1, l2) and result (hit, miss, error; fallback when the breaker kept Redis out of it).',
      labelNames: ['tier', 'result'],
      registers: [registry],
    }),
    http: {
      requests: new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests by method, route template and status code.',
        labelNames: ['method', 'route', 'status'],
        registers: [registry],
      }),
      duration: new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency by method, route template and status code.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      }),
      rateLimited: new Counter({
        name: 'http_rate_limited_total',
        help: 'Requests refused with 429, by limit (read, write).',
        labelNames: ['limit'],
        registers: [registry],
      }),
    },
  };
}
