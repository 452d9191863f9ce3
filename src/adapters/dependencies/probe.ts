// How a dependency tells the health endpoints its state: each driver's adapters give one probe
// (or more: a replica each), which /health/ready asks.
export type DependencyStatus = 'up' | 'degraded' | 'down';

export interface DependencyProbe {
  readonly name: string;
  readonly critical: boolean;
  check(): Promise<DependencyStatus>;
  /** Extra facts for the report, such as the state of the dependency's circuit breaker. */
  details?(): Record<string, string | number | boolean>;
}
