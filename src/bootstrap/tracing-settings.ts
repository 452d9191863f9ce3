// The standard OTEL_* variables that turn tracing on and shape it. Part of loadConfig. Tracing
// is on when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set (and
// OTEL_SDK_DISABLED is not true). Header values carry credentials: no message repeats one.
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { OTLP_PROTOCOLS, SAMPLERS } from '../adapters/observability/trace-context.js';
import type { TracingSettings } from '../adapters/observability/tracing.js';
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

  const protocolName = read.optionalString('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = read.oneOf(protocolName, OTLP_PROTOCOLS, 'http/protobuf');

  const headers: Record<string, string> = {};
  for (const headerName of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']) {
    const raw = read.optionalString(headerName);
    if (raw === undefined) continue;
    if (!raw.split(',').every((pair) => /^\s*[^=\s]+\s*=.+$/.test(pair))) read.problem(`${headerName}: must be a comma-separated list of key=value pairs (values URL-encoded)`);
    else Object.assign(headers, parseKeyPairsIntoRecord(raw));
  }

  const resource: Record<string, string> = {};
  const attributes = read.optionalString('OTEL_RESOURCE_ATTRIBUTES');
  if (attributes !== undefined) {
    if (!attributes.split(',').every((pair) => /^\s*[^=\s]+\s*=.*$/.test(pair))) read.problem('OTEL_RESOURCE_ATTRIBUTES: must be a comma-separated list of key=value pairs');
    else Object.assign(resource, parseKeyPairsIntoRecord(attributes));
  }
  resource['service.name'] = read.string('OTEL_SERVICE_NAME', resource['service.name'] ?? 'profile-service');

  const sampler = read.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const ratioText = read.optionalString('OTEL_TRACES_SAMPLER_ARG');
  const ratio = ratioText === undefined ? 1 : Number(ratioText);
  if (sampler.endsWith('traceidratio') && !(ratio >= 0 && ratio <= 1)) read.problem(`OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1 with OTEL_TRACES_SAMPLER=${sampler} (got "${ratioText}")`);

  return {
    url, protocol, headers, resource, sampler,
    samplerRatio: ratio >= 0 && ratio <= 1 ? ratio : 1,
    // The specification's unit for OTEL_EXPORTER_OTLP_TIMEOUT is milliseconds, as a plain integer.
    timeoutMs: read.integer('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, { min: 100, max: 60_000 }),
  };
}
