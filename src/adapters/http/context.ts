import type { ParameterizedContext } from 'koa';
import type { Principal } from '../../application/principal.js';
import type { Logger } from '../observability/logger.js';

/** What the middleware stack puts on `ctx.state` for the handlers. */
export interface AppState {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** Why a presented token was refused, for the 401 of a route that needs one. */
  authFailure?: string;
  /** An uploaded file's bytes, read by uploadBody. */
  upload?: Uint8Array;
}

export type AppContext = ParameterizedContext<AppState>;

export function principalOf(ctx: AppContext): Principal {
  if (!ctx.state.principal) throw new Error('principalOf called on a route without authentication');
  return ctx.state.principal;
}
