// What the pg pools tell the log: a failed idle connection, connections recycled because their
// server went read-only, DB_SSL_MODE=prefer's choice.
import type { Logger } from '../observability/logger.js';
import type { PoolEvent } from './server-pool.js';

export function logPoolEvent(log: Logger, event: PoolEvent): void {
  const where = { pool: event.role, address: event.address };
  switch (event.kind) {
    case 'idle-error':
      log.warn({ ...where, err: event.error }, 'an idle PostgreSQL connection failed');
      return;
    case 'recycled':
      log.warn(
        { ...where, reason: event.reason },
        'PostgreSQL server gone read-only or shutting down: its connections are dropped, new ones made',
      );
      return;
    case 'tls-fallback':
      log.info(
        where,
        event.tls
          ? 'DB_SSL_MODE=prefer: the server requires TLS again; connecting with it'
          : 'DB_SSL_MODE=prefer: the server offers no TLS; connecting without it',
      );
      return;
  }
}
