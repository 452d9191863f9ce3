// What an operator reads in the logs when a breaker moves: which dependency, and on opening the
// failure that opened it (a deadline, a refused connection, a read-only server).
import type { Logger } from '../observability/logger.js';
import type { BreakerState, GuardObserver } from './guard.js';

export function breakerLog(log: Logger): GuardObserver {
  const moved = new Set<string>();
  return {
    stateChanged(dependency: string, state: BreakerState, cause?: Error) {
      // Every breaker starts closed: that is not news.
      if (state === 'closed' && !moved.has(dependency)) return;
      moved.add(dependency);
      if (state === 'open')
        log.warn({ dependency, breaker: state, err: cause }, `${dependency} breaker opened: calls fail fast until a trial call succeeds`);
      else log.info({ dependency, breaker: state }, `${dependency} breaker ${state}`);
    },
    event: () => undefined,
  };
}

/** Tells every observer, in order. */
export function observeAll(...observers: readonly GuardObserver[]): GuardObserver {
  return {
    stateChanged: (dependency, state, cause) => observers.forEach((o) => o.stateChanged(dependency, state, cause)),
    event: (dependency, event) => observers.forEach((o) => o.event(dependency, event)),
  };
}
