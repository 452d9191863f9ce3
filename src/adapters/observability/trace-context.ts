// The trace context of the work in progress, for the code that carries it on (a task's row, a
// log line) or picks it up (a request's traceparent). Light: the OpenTelemetry API only, which
// answers "no span" at no cost while tracing is off (tracing.ts is then never loaded).
import { context, trace, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export { SpanKind };

/** The fields of a log line that tie it to the span it was written in. */
export interface TraceFields {
  readonly trace_id: string;
  readonly span_id: string;
}

/** OTEL_TRACES_SAMPLER's values (the specification's, less the vendor ones). */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];
/** OTEL_EXPORTER_OTLP_PROTOCOL's values this build speaks (gRPC is not one). */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

const W3C = new W3CTraceContextPropagator();

export function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setAttribute(
    'error.type',
    (error as { code?: unknown } | null)?.code?.toString() ?? (error instanceof Error ? error.name : 'Error'),
  );
  span.setStatus({ code: SpanStatusCode.ERROR, ...(error instanceof Error ? { message: error.message } : {}) });
}

/** The context a `traceparent` (and `tracestate`) names, under the active one; the active one when absent or malformed. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function contextFromHeaders(headers: Headers): Context {
  return W3C.extract(context.active(), headers, {
    get: (carrier: Headers, key) => carrier[key],
    keys: (carrier: Headers) => Object.keys(carrier),
  });
}

/** The active span's W3C `traceparent`, for work that continues elsewhere (a task); undefined outside a sampled span. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  W3C.inject(context.active(), carrier, { set: (c: Record<string, string>, key, value) => (c[key] = value) });
  return carrier['traceparent'];
}

/** The active span's ids for a log line, or nothing outside a span. */
export function activeTraceFields(): TraceFields | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span === undefined || !trace.isSpanContextValid(span) ? undefined : { trace_id: span.traceId, span_id: span.spanId };
}
