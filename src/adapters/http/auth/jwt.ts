// Bearer JWTs: verification for requests, minting for the token command. The algorithm
// list is pinned, which is what refuses `alg: none` and algorithm confusion.
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Principal, type Role } from '../../../application/principal.js';

export interface JwtSettings {
  /** HS256 shared secret, at least 32 bytes. */
  readonly secret: Uint8Array;
  readonly issuer?: string;
  readonly audience?: string;
  readonly clockToleranceSeconds?: number;
}

/** The token was refused; the message is safe to show (it says why, never the token). */
export class TokenRejectedError extends Error {}

export class JwtVerifier {
  constructor(private readonly settings: JwtSettings) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.settings.secret, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.settings.clockToleranceSeconds ?? 5,
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      }));
    } catch (error) {
      throw new TokenRejectedError(reasonFor(error));
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new TokenRejectedError('The token subject is missing or malformed.');
    }
    return { subject: payload.sub, roles: rolesFrom(payload['roles']) };
  }
}

function rolesFrom(claim: unknown): ReadonlySet<Role> {
  const known = (Array.isArray(claim) ? claim : []).filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
  return new Set<Role>(known.length > 0 ? known : ['user']);
}

function reasonFor(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is missing or not accepted.`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is not signed with an accepted algorithm.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  return 'The token is malformed.';
}

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly ttlSeconds: number;
}

export async function mintToken(settings: JwtSettings, request: TokenRequest): Promise<string> {
  let jwt = new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds}s`);
  if (settings.issuer) jwt = jwt.setIssuer(settings.issuer);
  if (settings.audience) jwt = jwt.setAudience(settings.audience);
  return jwt.sign(settings.secret);
}
