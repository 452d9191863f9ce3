// The one way an outbound adapter calls its dependency: an opossum circuit breaker with a
// timeout, and inside it p-retry with backoff for idempotent operations only. A dead
// dependency thus fails fast (open breaker) as DependencyUnavailableError, which the
// HTTP edge answers with 503 and Retry-After.
import CircuitBreaker from 'opossum';
import pRetry from 'p-retry';
import { DependencyUnavailableError } from '../../domain/errors.js';

export type BreakerState = 'closed' | 'half-open' | 'open';

/**
 * An Error of this realm with the same message and fields (code, severity...). p-retry
 * refuses anything that fails `instanceof Error`, which errors made in another realm do.
 */
export function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null) {
    const { message } = error as { message?: unknown };
    return Object.assign(new Error(typeof message === 'string' ? message : 'Unknown error', { cause: error }), error);
  }
  return new Error(String(error));
}

export interface GuardSettings {
  /** The dependency, as named in metrics, health and errors ("database"). */
  readonly name: string;
  /** The whole call, retries included, must finish within this. */
  readonly timeoutMs: number;
  /** Extra attempts for idempotent operations. */
  readonly retries: number;
  /** How long an open breaker waits before letting a trial call through. */
  readonly resetTimeoutMs: number;
  readonly errorThresholdPercentage: number;
  /** Calls in the rolling window before the breaker may open. */
  readonly volumeThreshold: number;
  readonly retryAfterSeconds: number;
  /** True for errors that say the dependency is unwell; false for answers (a unique violation, a domain outcome). */
  readonly isDependencyFailure: (error: unknown) => boolean;
}

export interface GuardObserver {
  stateChanged(name: string, state: BreakerState): void;
  event(name: string, event: string): void;
}

const OBSERVED_EVENTS = ['success', 'failure', 'timeout', 'reject', 'open', 'halfOpen', 'close'] as const;

export class Guard {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    private readonly settings: GuardSettings,
    observer?: GuardObserver,
  ) {
    this.breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      name: settings.name,
      timeout: settings.timeoutMs,
      resetTimeout: settings.resetTimeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: 10_000,
      // Errors that are answers from a healthy dependency do not count against it.
      errorFilter: (error: unknown) => !settings.isDependencyFailure(error),
    });
    if (observer) {
      // The typings overload `on` per event name; as an EventEmitter it takes any of them.
      const emitter = this.breaker as unknown as NodeJS.EventEmitter;
      for (const event of OBSERVED_EVENTS) emitter.on(event, () => observer.event(settings.name, event));
      this.breaker.on('open', () => observer.stateChanged(settings.name, 'open'));
      this.breaker.on('halfOpen', () => observer.stateChanged(settings.name, 'half-open'));
      this.breaker.on('close', () => observer.stateChanged(settings.name, 'closed'));
      observer.stateChanged(settings.name, 'closed');
    }
  }

  get name(): string {
    return this.settings.name;
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  async run<T>(operation: () => Promise<T>, { idempotent }: { readonly idempotent: boolean }): Promise<T> {
    const normalized = () => operation().catch((error: unknown) => Promise.reject(asError(error)));
    const attempt = idempotent
      ? () => pRetry(normalized, {
          retries: this.settings.retries,
          factor: 2,
          minTimeout: 25,
          maxTimeout: 250,
          randomize: true,
          shouldRetry: ({ error }) => this.settings.isDependencyFailure(error),
        })
      : normalized;
    try {
      return (await this.breaker.fire(attempt)) as T;
    } catch (error) {
      if (this.isUnavailability(error)) {
        throw new DependencyUnavailableError(this.settings.name, this.settings.retryAfterSeconds, { cause: error });
      }
      throw error;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private isUnavailability(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'EOPENBREAKER' || code === 'ETIMEDOUT' || this.settings.isDependencyFailure(error);
  }
}
