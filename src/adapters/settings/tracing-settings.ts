// The standard OTEL_* variables that turn tracing on and shape it. Part of loadConfig. Tracing
// is on when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set (and
// OTEL_SDK_DISABLED is not true). Header values carry credentials: no message repeats one.
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { OTLP_PROTOCOLS, SAMPLERS } from '../observability/trace-context.js';
import type { TracingSettings } from '../observability/tracing.js';
import type { EnvReader } from './env-reader.js';

const HTTP_URL = /^https?:\/\/[^\s]+$/;

export function readTracingSettings(read: EnvReader): TracingSettings | undefined {
  const tracesEndpoint = read.optionalString('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = read.optionalString('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (read.boolean('OTEL_SDK_DISABLED', false) || (tracesEndpoint === undefined && endpoint === undefined)) return undefined;

  const name = tracesEndpoint !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const given = (tracesEndpoint ?? endpoint)!;
  if (!HTTP_URL.test(given)) read.problem(`${name}: must be an http:// or https:// URL (OTLP over HTTP, the collector's port 4318)`);
  // The specification's rule: the generic endpoint is a base to which the signal's path is added; the per-signal one is used as given.
  const url = tracesEndpoint ?? `${given.replace(/\/+$/, '')}/v1/traces`;

  const protocolName =
    read.optionalString('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined
      ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
      : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = read.oneOf(protocolName, OTLP_PROTOCOLS, 'http/protobuf');

  // The per-signal headers add to the generic ones, and win over them.
  const headers = { ...keyValuePairs(read, 'OTEL_EXPORTER_OTLP_HEADERS'), ...keyValuePairs(read, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') };
  const resource = keyValuePairs(read, 'OTEL_RESOURCE_ATTRIBUTES');
  resource['service.name'] = read.string('OTEL_SERVICE_NAME', resource['service.name'] ?? 'profile-service');

  const sampler = read.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const ratioText = read.optionalString('OTEL_TRACES_SAMPLER_ARG');
  const ratio = ratioText === undefined ? 1 : Number(ratioText);
  if (sampler.endsWith('traceidratio') && !(ratio >= 0 && ratio <= 1))
    read.problem(`OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1 with OTEL_TRACES_SAMPLER=${sampler} (got "${ratioText}")`);

  return {
    url,
    protocol,
    headers,
    resource,
    sampler,
    samplerRatio: ratio >= 0 && ratio <= 1 ? ratio : 1,
    // The specification's unit for OTEL_EXPORTER_OTLP_TIMEOUT is milliseconds, as a plain integer.
    timeoutMs: read.integer('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, { min: 100, max: 60_000 }),
  };
}

/**
 * A variable of the specification's `key=value,…` form (values URL-encoded), as a record; a
 * malformed one is a problem, not echoed (it may hold a key).
 */
function keyValuePairs(read: EnvReader, name: string): Record<string, string> {
  const raw = read.optionalString(name);
  if (raw === undefined) return {};
  if (!raw.split(',').every((pair) => /^\s*[^=\s]+\s*=.+$/.test(pair))) {
    read.problem(`${name}: must be a comma-separated list of key=value pairs (values URL-encoded)`);
    return {};
  }
  return parseKeyPairsIntoRecord(raw);
}
