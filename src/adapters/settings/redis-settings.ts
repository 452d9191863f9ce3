// The REDIS_* variables: where Redis is (one server, a master behind Sentinel, a Cluster), who
// the service is to it (an ACL user and password), and TLS. Part of loadConfig.
import { REDIS_MODES, endpointOf, type Endpoint, type RedisSettings, type RedisTopology } from '../redis/redis-client.js';
import type { EnvReader } from './env-reader.js';
import { readTlsFiles } from './tls-files.js';

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const ADDRESS = /^(?:(rediss?):\/\/)?([A-Za-z0-9.-]+:\d{1,5})\/?$/;

/** A comma-separated list of host:port, each checked, the list required when `required`. */
function endpoints(read: EnvReader, name: string, required: string | undefined): Endpoint[] {
  const list = (read.optionalString(name) ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = list.filter((e) => !HOST_PORT.test(e));
  if (bad.length > 0) read.problem(`${name}: each entry must be host:port (got "${bad.join('", "')}")`);
  if (required !== undefined && list.length === 0) read.problem(`${name}: is required with ${required} (host:port, comma-separated)`);
  return list.filter((e) => HOST_PORT.test(e)).map(endpointOf);
}

export function readRedisSettings(read: EnvReader, { production, used }: { production: boolean; used: boolean }): RedisSettings {
  const mode = read.oneOf('REDIS_MODE', REDIS_MODES, 'standalone');
  const username = read.optionalString('REDIS_USERNAME');
  const password = read.optionalString('REDIS_PASSWORD');
  if (production && used && password === undefined) read.problem('REDIS_PASSWORD: is required with CACHE_DRIVER=redis in production');

  const address = read.string('REDIS_ADDRESS', 'localhost:6379');
  const parsed = ADDRESS.exec(address);
  // A URL with credentials is refused without echoing it: they belong in REDIS_USERNAME and REDIS_PASSWORD.
  if (!parsed)
    read.problem(
      `REDIS_ADDRESS: must be host:port, redis://host:port or rediss://host:port (${address.includes('@') ? 'credentials go in REDIS_USERNAME and REDIS_PASSWORD' : `got "${address}"`})`,
    );
  const tlsByScheme = parsed?.[1] === 'rediss';
  const tlsOn = read.boolean('REDIS_TLS', tlsByScheme);
  if (tlsByScheme && !tlsOn) read.problem('REDIS_TLS: is false, yet REDIS_ADDRESS is a rediss:// URL');
  const tlsFiles = readTlsFiles(read, { ca: 'REDIS_TLS_CA', cert: 'REDIS_TLS_CERT', key: 'REDIS_TLS_KEY' });
  if (!tlsOn && Object.keys(tlsFiles).length > 0)
    read.problem('REDIS_TLS: is off, yet REDIS_TLS_CA, REDIS_TLS_CERT or REDIS_TLS_KEY is set; set REDIS_TLS=true (or use rediss://)');

  const sentinels = endpoints(read, 'REDIS_SENTINELS', mode === 'sentinel' ? 'REDIS_MODE=sentinel' : undefined);
  const masterName = read.string('REDIS_SENTINEL_NAME', 'mymaster');
  const sentinelPassword = read.optionalString('REDIS_SENTINEL_PASSWORD');
  const clusterNodes = endpoints(read, 'REDIS_CLUSTER_NODES', mode === 'cluster' ? 'REDIS_MODE=cluster' : undefined);
  const db = read.integer('REDIS_DB', 0, { min: 0, max: 15 });
  if (mode === 'cluster' && db !== 0) read.problem(`REDIS_DB: a Redis Cluster has database 0 only (got ${db})`);

  const topology: RedisTopology =
    mode === 'sentinel'
      ? { mode, sentinels, masterName, ...(sentinelPassword !== undefined ? { sentinelPassword } : {}) }
      : mode === 'cluster'
        ? { mode, nodes: clusterNodes }
        : { mode, address: endpointOf(parsed?.[2] ?? 'localhost:6379') };
  return {
    topology,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    db,
    ...(tlsOn ? { tls: tlsFiles } : {}),
    // Redis answers in a millisecond or two; a cache that waits longer costs more than it saves.
    commandTimeoutMs: read.duration('REDIS_COMMAND_TIMEOUT', '100ms', { minMs: 1 }),
    connectTimeoutMs: read.duration('REDIS_CONNECT_TIMEOUT', '1s', { minMs: 1 }),
  };
}
