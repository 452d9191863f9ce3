// What every process has, whatever its drivers: its log, clock, metrics, id generator, image
// processor and lifecycle (and, for the API server, the token secret).
import type { LogOutput } from '../../adapters/observability/log-output.js';
import { ContainerModule } from 'inversify';
import type { Clock } from '../../domain/ports/clock.js';
import type { Lifecycle } from '../../adapters/http/health.js';
import { SharpImageProcessor } from '../../adapters/images/sharp-image-processor.js';
import { SystemClock } from '../../adapters/node/system-clock.js';
import { UuidV7IdGenerator } from '../../adapters/node/uuid-id-generator.js';
import type { Logger } from '../../adapters/observability/logger.js';
import { createMetrics } from '../../adapters/observability/metrics.js';
import type { Tracing } from '../../adapters/observability/tracing.js';
import { breakerLog, observeAll } from '../../adapters/resilience/guard-log.js';
import { guardMetrics } from '../../adapters/resilience/guard-metrics.js';
import type { AuthSecret } from '../../adapters/http/auth/auth-secret.js';
import {
  AUTH_SECRET,
  CLOCK,
  GUARD_OBSERVER,
  GUARD_SPANS,
  ID_GENERATOR,
  IMAGE_PROCESSOR,
  LIFECYCLE,
  LOGGER,
  METRICS,
  TRACING,
} from '../tokens.js';

export interface ProcessServices {
  /** `server` or `worker`: every metric carries it as `component` (api, worker), which the alert rules select by. */
  readonly role: 'server' | 'worker';
  readonly log: Logger;
  /** The system clock unless a test brings its own. */
  readonly clock?: Clock;
  readonly lifecycle: Lifecycle;
  /** The API's token secret; a worker serves no API and has none. */
  readonly authSecret?: AuthSecret;
  /** Started by the entry point when the OTEL_* variables turn tracing on. */
  readonly tracing?: Tracing;
  /** The entry point's log output, whose dropped lines the metrics count (log_lines_dropped_total). */
  readonly logOutput?: Pick<LogOutput, 'droppedLines'>;
}

export function processBundle({ role, log, clock = new SystemClock(), lifecycle, authSecret, tracing, logOutput }: ProcessServices) {
  return new ContainerModule(({ bind }) => {
    bind(LOGGER).toConstantValue(log);
    bind(CLOCK).toConstantValue(clock);
    bind(LIFECYCLE).toConstantValue(lifecycle);
    if (authSecret) bind(AUTH_SECRET).toConstantValue(authSecret);
    bind(TRACING).toConstantValue(tracing);
    bind(GUARD_SPANS).toConstantValue((name, attributes) => (tracing ? { tracing, name, attributes } : undefined));
    bind(METRICS).toDynamicValue(() =>
      createMetrics({ defaultMetrics: true, component: role === 'server' ? 'api' : 'worker', ...(logOutput ? { logOutput } : {}) }),
    );
    bind(GUARD_OBSERVER).toDynamicValue((ctx) => observeAll(guardMetrics(ctx.get(METRICS).registry), breakerLog(log)));
    bind(ID_GENERATOR).toConstantValue(new UuidV7IdGenerator());
    bind(IMAGE_PROCESSOR).toDynamicValue(() => new SharpImageProcessor());
  });
}
