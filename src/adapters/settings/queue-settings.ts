// The QUEUE_* variables: the RabbitMQ nodes to reach (one URL, or several of a cluster), the
// type of the queues the service declares, and TLS. Part of loadConfig. A URL carries a
// password: no problem message ever repeats one.
import { QUEUE_TYPES, type QueueType } from '../rabbitmq/topology.js';
import type { EnvReader } from './env-reader.js';
import { readTlsFiles, type TlsFiles } from './tls-files.js';

export interface QueueSettings {
  /** One URL per node: Rascal tries them in turn, at start and after a lost connection. */
  readonly uris: readonly string[];
  readonly type: QueueType;
  /** CA and client certificate for amqps:// (Node's CA store verifies when no CA is given). */
  readonly tls: TlsFiles;
  /** Names every exchange and queue of this service (several deployments may share a broker). */
  readonly prefix: string;
  /** How long a publish may wait for the broker's confirm. */
  readonly publishTimeoutMs: number;
}

const AMQP_URL = /^amqps?:\/\/[^\s,]+$/;

export function readQueueSettings(read: EnvReader, { production }: { production: boolean }): QueueSettings {
  const single = read.optionalString('QUEUE_URI');
  const several = read.optionalString('QUEUE_URIS');
  if (single !== undefined && several !== undefined)
    read.problem('QUEUE_URI and QUEUE_URIS: set one of them (QUEUE_URIS lists the nodes of a cluster)');
  const name = several !== undefined ? 'QUEUE_URIS' : 'QUEUE_URI';
  // A comma-separated QUEUE_URI is a list as well: each node's URL on its own, its password masked on its own.
  const uris = (several ?? single ?? 'amqp://guest:guest@localhost:5672/')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  uris.forEach((uri, i) => {
    if (!AMQP_URL.test(uri)) read.problem(`${name}: ${uris.length > 1 ? `entry ${i + 1} ` : ''}must be an amqp:// or amqps:// URL`);
  });
  const tls = readTlsFiles(read, { ca: 'QUEUE_TLS_CA', cert: 'QUEUE_TLS_CERT', key: 'QUEUE_TLS_KEY' });
  if (Object.keys(tls).length > 0 && !uris.some((uri) => uri.startsWith('amqps://'))) {
    read.problem(`QUEUE_TLS_CA, QUEUE_TLS_CERT, QUEUE_TLS_KEY: apply to amqps:// URLs, and ${name} has none`);
  }
  const prefix = read.string('QUEUE_PREFIX', 'profile-service');
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) read.problem('QUEUE_PREFIX: may contain only letters, digits, ".", "_" and "-"');
  return {
    uris,
    // Replicated queues where production runs a cluster; classic ones on a laptop's single node.
    type: read.oneOf('QUEUE_TYPE', QUEUE_TYPES, production ? 'quorum' : 'classic'),
    tls,
    prefix,
    publishTimeoutMs: read.duration('QUEUE_PUBLISH_TIMEOUT', '5s', { minMs: 100 }),
  };
}
