// OpenTelemetry traces, exported over OTLP/HTTP. Off unless an endpoint is configured: then this
// module is not even loaded, no tracer exists, and the HTTP edge, the guards and the workers
// skip every span (no cost).
// Spans: one per request (HTTP server conventions), one per PostgreSQL, Redis and RabbitMQ
// call (the guards), one per task attempt, whose parent is the request that created the task:
// its W3C trace context travels with the task through the outbox and the broker.
import { context, type Attributes, type Context, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { markFailed, type OTLP_PROTOCOLS, type SamplerName } from './trace-context.js';

export interface TracingSettings {
  /** Where spans are posted: the traces endpoint itself (…/v1/traces). */
  readonly url: string;
  readonly protocol: (typeof OTLP_PROTOCOLS)[number];
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly sampler: SamplerName;
  /** The ratio of the traceidratio samplers. */
  readonly samplerRatio: number;
  /** The resource: service.name, service.version and what OTEL_RESOURCE_ATTRIBUTES adds. */
  readonly resource: Readonly<Record<string, string>>;
}

let contextManagerInstalled = false;

/** Spans flow to their parents through async calls: one context manager for the process, installed once. */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

function samplerOf(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.samplerRatio);
  switch (settings.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

export class Tracing {
  private constructor(
    private readonly provider: NodeTracerProvider,
    readonly tracer: Tracer,
  ) {}

  static start(settings: TracingSettings): Tracing {
    installContextManager();
    const exporterOptions = { url: settings.url, headers: { ...settings.headers }, timeoutMillis: settings.timeoutMs };
    const exporter = settings.protocol === 'http/json' ? new OtlpJsonExporter(exporterOptions) : new OtlpProtobufExporter(exporterOptions);
    // Not registered as the global provider: each service in a process (tests run several) keeps its own.
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes(settings.resource),
      sampler: samplerOf(settings),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    });
    return new Tracing(
      provider,
      provider.getTracer(settings.resource[ATTR_SERVICE_NAME] ?? 'profile-service', settings.resource[ATTR_SERVICE_VERSION]),
    );
  }

  /**
   * Runs `work` in a new span, active for everything `work` awaits, and ends it with the
   * outcome: an error marks the span (its type as error.type) and is rethrown.
   */
  inSpan<T>(
    name: string,
    options: { kind: SpanKind; attributes?: Attributes; parent?: Context },
    work: (span: Span) => Promise<T>,
  ): Promise<T> {
    return this.tracer.startActiveSpan(
      name,
      { kind: options.kind, ...(options.attributes ? { attributes: options.attributes } : {}) },
      options.parent ?? context.active(),
      async (span) => {
        try {
          return await work(span);
        } catch (error) {
          markFailed(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** Sends what is buffered and stops: the last spans of a stopping process are not lost. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown().catch(() => undefined);
  }
}
