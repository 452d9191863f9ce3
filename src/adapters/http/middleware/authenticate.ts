// Authentication in two steps: `identify` reads a bearer token if there is one (so the rate
// limiter can key by principal), `requireAuthentication` answers 401 when there is none.
import type { Middleware } from 'koa';
import { TokenRejectedError, type JwtVerifier } from '../auth/jwt.js';
import type { AppState } from '../context.js';
import { HttpProblem } from '../problem.js';

const REALM = 'Bearer realm="profiles"';

export function identify(verifier: JwtVerifier): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    if (header !== '') {
      const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
      if (!match?.[1]) {
        ctx.state.authFailure = 'The Authorization header must be "Bearer <token>".';
      } else {
        try {
          ctx.state.principal = await verifier.verify(match[1]);
        } catch (error) {
          if (!(error instanceof TokenRejectedError)) throw error;
          ctx.state.authFailure = error.message;
        }
      }
    }
    await next();
  };
}

export function requireAuthentication(): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.principal) {
      const failure = ctx.state.authFailure;
      throw new HttpProblem(
        failure ? 'invalid_token' : 'authentication_required',
        failure ?? 'Send a bearer token in the Authorization header.',
        {
          headers: {
            'WWW-Authenticate': failure ? `${REALM}, error="invalid_token", error_description="${failure.replaceAll('"', "'")}"` : REALM,
          },
        },
      );
    }
    await next();
  };
}
