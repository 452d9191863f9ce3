// The one way an outbound adapter calls its dependency: an opossum circuit breaker, a
// deadline per call, and inside it p-retry with backoff for idempotent operations only. A
// dead dependency thus fails fast (open breaker) as DependencyUnavailableError, which the
// HTTP edge answers with 503 and Retry-After; a hung one costs each call its deadline, and
// only a few calls: consecutive failures open the breaker whatever came before them.
import { SpanKind, trace, type Attributes } from '@opentelemetry/api';
import CircuitBreaker from 'opossum';
import pRetry from 'p-retry';
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Tracing } from '../observability/tracing.js';

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

/** A call outlived its deadline: the dependency is slow or silent. */
export class DeadlineExceededError extends Error {
  readonly code = 'ETIMEDOUT';
}

export interface GuardSettings {
  /** The dependency, as named in metrics, health and errors ("database"). */
  readonly name: string;
  /** The default deadline of a call, retries included; a call may name its own. */
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

/** A span per call made for traced work, when tracing is on: named after the call's operation, or else `name`. */
export interface GuardSpans {
  readonly tracing: Tracing;
  /** The span's name for a call that names no operation: the system (postgresql, redis, rabbitmq). */
  readonly name: string;
  /** The semantic-convention attributes of every call (db.system.name, messaging.system...). */
  readonly attributes: Attributes;
}

export interface CallOptions {
  readonly idempotent: boolean;
  readonly deadlineMs?: number;
  /** What the call does (SELECT, publish), for its span. */
  readonly operation?: string;
  /** The call's own span attributes (the query's text). */
  readonly attributes?: Attributes;
  /** CLIENT unless the call hands off work (PRODUCER). */
  readonly kind?: SpanKind;
}

export interface GuardObserver {
  /** `cause`: on opening, the failure that opened the breaker (a deadline, a refused connection). */
  stateChanged(name: string, state: BreakerState, cause?: Error): void;
  event(name: string, event: string): void;
}

/**
 * This many dependency failures in a row (deadlines included) open the breaker at once, whatever
 * the rolling window says: a dependency that stopped answering must not hide behind a window full
 * of earlier successes. Three: one is noise, two can be bad luck, three cost a hung dependency little.
 */
export const FAILURES_IN_A_ROW_TO_OPEN = 3;

const OBSERVED_EVENTS = ['success', 'failure', 'reject', 'open', 'halfOpen', 'close'] as const;

export class Guard {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly listeners: ((state: BreakerState) => void)[] = [];
  private failuresInARow = 0;
  /** The last failure that counted against the dependency: what opened the breaker, when it opens. */
  private lastFailure: Error | undefined;

  constructor(
    private readonly settings: GuardSettings,
    private readonly observer?: GuardObserver,
    private readonly spans?: GuardSpans,
  ) {
    this.breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      name: settings.name,
      // Deadlines are the guard's own, per call (see run).
      timeout: false,
      resetTimeout: settings.resetTimeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: 10_000,
      // Errors that are answers from a healthy dependency do not count against it.
      errorFilter: (error: unknown) => !this.countsAgainst(error),
    });
    // A failure is told before the breaker opens on it.
    this.breaker.on('failure', (error: unknown) => (this.lastFailure = asError(error)));
    this.breaker.on('open', () => this.changed('open', this.lastFailure));
    this.breaker.on('halfOpen', () => this.changed('half-open'));
    this.breaker.on('close', () => this.changed('closed'));
    if (observer) {
      // The typings overload `on` per event name; as an EventEmitter it takes any of them.
      const emitter = this.breaker as unknown as NodeJS.EventEmitter;
      for (const event of OBSERVED_EVENTS) emitter.on(event, () => observer.event(settings.name, event));
      observer.stateChanged(settings.name, 'closed');
    }
  }

  /** Calls `listener` on every change of the breaker's state (a reconnect on open, a resync on close). */
  onStateChange(listener: (state: BreakerState) => void): void {
    this.listeners.push(listener);
  }

  get name(): string {
    return this.settings.name;
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /**
   * Runs `operation` through the breaker within its deadline. The operation gets the deadline's
   * signal: work that cannot be stopped mid-way (a transaction) checks it before committing, and
   * calls `committing` as it commits, after which the deadline waits for the outcome (see withinDeadline).
   */
  run<T>(operation: (deadline: AbortSignal, committing: () => void) => Promise<T>, options: CallOptions): Promise<T> {
    // Spans are children of the work being traced (a request, a task): a background loop's calls
    // (the relay's polls, health checks) would otherwise start a trace of their own, several a second.
    if (this.spans === undefined || trace.getActiveSpan() === undefined) return this.call(operation, options);
    const { tracing, name, attributes } = this.spans;
    return tracing.inSpan(
      options.operation ?? name,
      {
        kind: options.kind ?? SpanKind.CLIENT,
        attributes: { ...attributes, ...options.attributes },
      },
      () => this.call(operation, options),
    );
  }

  private async call<T>(operation: (deadline: AbortSignal, committing: () => void) => Promise<T>, options: CallOptions): Promise<T> {
    const deadlineMs = options.deadlineMs ?? this.settings.timeoutMs;
    const attempt = () =>
      this.withinDeadline(deadlineMs, async (signal, committing) => {
        const normalized = () => operation(signal, committing).catch((error: unknown) => Promise.reject(asError(error)));
        if (!options.idempotent || this.settings.retries === 0) return normalized();
        // Most calls succeed at once: p-retry (its options, listeners and timers) is engaged only
        // after a first failure, which it is handed as its own first attempt, so the retries and
        // their backoff are exactly what they would be had it run from the start.
        let failure: Error;
        try {
          return await normalized();
        } catch (error) {
          failure = asError(error);
        }
        let replayed = false;
        return pRetry(() => (replayed ? normalized() : ((replayed = true), Promise.reject(failure))), {
          retries: this.settings.retries,
          factor: 2,
          minTimeout: 25,
          maxTimeout: 250,
          randomize: true,
          signal,
          shouldRetry: ({ error }) => this.settings.isDependencyFailure(error),
        });
      });
    try {
      const result = (await this.breaker.fire(attempt)) as T;
      this.failuresInARow = 0;
      return result;
    } catch (error) {
      if (this.countsAgainst(error) && ++this.failuresInARow >= FAILURES_IN_A_ROW_TO_OPEN && this.state !== 'open') {
        this.breaker.open();
      }
      if (this.isUnavailability(error)) {
        throw new DependencyUnavailableError(this.settings.name, this.settings.retryAfterSeconds, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Runs `work`, giving up (and aborting its retries) once `deadlineMs` have passed. Work that
   * has sent a commit is given up to another `deadlineMs` for its outcome: answering "unavailable"
   * while the commit may still land would have the client retry a write that was made.
   */
  private async withinDeadline<T>(deadlineMs: number, work: (signal: AbortSignal, committing: () => void) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let committingSince: number | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const expire = () => {
        if (committingSince !== undefined && !controller.signal.aborted && performance.now() - committingSince < deadlineMs) {
          timer = setTimeout(expire, deadlineMs - (performance.now() - committingSince));
          return;
        }
        controller.abort();
        this.observer?.event(this.settings.name, 'timeout');
        reject(
          new DeadlineExceededError(
            committingSince === undefined
              ? `${this.settings.name} did not answer within ${deadlineMs} ms`
              : `${this.settings.name} did not confirm a commit within ${deadlineMs} ms: its outcome is unknown`,
          ),
        );
      };
      timer = setTimeout(expire, deadlineMs);
    });
    const committing = () => {
      committingSince ??= performance.now();
    };
    try {
      return await Promise.race([work(controller.signal, committing), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  /** Whether an error says the dependency is unwell (as opposed to an answer it gave). */
  private countsAgainst(error: unknown): boolean {
    return error instanceof DeadlineExceededError || this.settings.isDependencyFailure(error);
  }

  private isUnavailability(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === 'EOPENBREAKER' || this.countsAgainst(error);
  }

  private changed(state: BreakerState, cause?: Error): void {
    this.observer?.stateChanged(this.settings.name, state, cause);
    for (const listener of this.listeners) listener(state);
  }
}
