// DI tokens of the composition root's own services. The ports' tokens live beside the ports.
export const LOGGER = Symbol.for('Logger');
export const METRICS = Symbol.for('Metrics');
export const AUTH_SECRET = Symbol.for('AuthSecret');
export const LIFECYCLE = Symbol.for('Lifecycle');
export const DEPENDENCY_PROBES = Symbol.for('DependencyProbes');
export const STORAGE = Symbol.for('Storage');
export const CACHING = Symbol.for('Caching');
export const GUARD_OBSERVER = Symbol.for('GuardObserver');
/** Tracing (the OTEL_* variables), or undefined when it is off. */
export const TRACING = Symbol.for('Tracing');
/** How events render a profile (ProfileRenderer): public members unless EVENTS_INCLUDE_PRIVATE. */
export const PROFILE_RENDERER = Symbol.for('ProfileRenderer');
/** `(system, attributes) => GuardSpans | undefined`: the spans of a guard's calls, when tracing is on. */
export const GUARD_SPANS = Symbol.for('GuardSpans');
export const QUEUEING = Symbol.for('Queueing');
export const TASK_WORK = Symbol.for('TaskWork');
export const HTTP_APP = Symbol.for('HttpApp');
export const ADMIN_APP = Symbol.for('AdminApp');
