// The guard of each outbound dependency, from the design's numbers (tunables.ts) and the
// deployment's deadlines: the database's primary and each read replica, the cache, the queue.
import {
  BREAKER_ERROR_PERCENTAGE,
  BREAKER_VOLUME_THRESHOLD,
  CACHE_GUARD,
  DATABASE_GUARD,
  QUEUE_GUARD,
  REPLICA_GUARD,
} from '../settings/tunables.js';
import { Guard, type GuardObserver, type GuardSpans } from './guard.js';

export type GuardedDependency = 'database' | 'database-replica' | 'cache' | 'queue';

export interface DependencyGuardSettings {
  /** The guard's name in metrics, health and logs, when not the dependency's (database-replica-1). */
  readonly name?: string;
  /** The deadline the dependency's own client keeps (a read's, a command's, a publish's). */
  readonly timeoutMs: number;
  /** How long an open breaker waits before a trial call, when the deployment sets it (DB_BREAKER_RESET). */
  readonly resetTimeoutMs?: number;
  /** Which errors say the dependency is unwell; every error unless given. */
  readonly isDependencyFailure?: (error: unknown) => boolean;
}

/** What differs by dependency: retries of idempotent calls, slack above the client's deadline, the breaker's wait. */
const DESIGN: Record<GuardedDependency, { readonly retries: number; readonly deadlineSlackMs: number; readonly resetTimeoutMs?: number }> =
  {
    database: { retries: DATABASE_GUARD.readRetries, deadlineSlackMs: 0 },
    'database-replica': { retries: REPLICA_GUARD.retries, deadlineSlackMs: 0 },
    cache: { retries: CACHE_GUARD.retries, deadlineSlackMs: CACHE_GUARD.deadlineSlackMs, resetTimeoutMs: CACHE_GUARD.resetTimeoutMs },
    queue: { retries: QUEUE_GUARD.retries, deadlineSlackMs: QUEUE_GUARD.deadlineSlackMs, resetTimeoutMs: QUEUE_GUARD.resetTimeoutMs },
  };

export function guardFor(
  dependency: GuardedDependency,
  settings: DependencyGuardSettings,
  observer?: GuardObserver,
  spans?: GuardSpans,
): Guard {
  const design = DESIGN[dependency];
  const resetTimeoutMs = settings.resetTimeoutMs ?? design.resetTimeoutMs;
  if (resetTimeoutMs === undefined) throw new TypeError(`the ${dependency} guard needs its breaker's reset time`);
  return new Guard(
    {
      name: settings.name ?? dependency,
      timeoutMs: settings.timeoutMs + design.deadlineSlackMs,
      retries: design.retries,
      resetTimeoutMs,
      errorThresholdPercentage: BREAKER_ERROR_PERCENTAGE,
      volumeThreshold: BREAKER_VOLUME_THRESHOLD,
      // A refused call is worth trying again once the breaker lets a trial through.
      retryAfterSeconds: Math.max(1, Math.ceil(resetTimeoutMs / 1000)),
      isDependencyFailure: settings.isDependencyFailure ?? (() => true),
    },
    observer,
    spans,
  );
}
