import { Counter, Gauge, type Registry } from 'prom-client';
import type { BreakerState, GuardObserver } from './guard.js';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Breaker state (0 closed, 1 half-open, 2 open) and events, per dependency. */
export function guardMetrics(registry: Registry): GuardObserver {
  const state = new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state by dependency: 0 closed, 1 half-open, 2 open.',
    labelNames: ['dependency'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'circuit_breaker_events_total',
    help: 'Circuit breaker events by dependency and event (success, failure, timeout, reject, open, halfOpen, close).',
    labelNames: ['dependency', 'event'],
    registers: [registry],
  });
  // One series per (dependency, event), looked up once: every guarded call counts an event.
  const series = new Map<string, { inc(): void }>();
  return {
    stateChanged: (dependency, s) => state.set({ dependency }, STATE_VALUE[s]),
    event: (dependency, event) => {
      const key = `${dependency}:${event}`;
      let counter = series.get(key);
      if (counter === undefined) series.set(key, (counter = events.labels({ dependency, event })));
      counter.inc();
    },
  };
}
