// Bearer JWTs: verification for requests, minting for the token command. The algorithm
// list is pinned, which is what refuses `alg: none` and algorithm confusion.
import { webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { ROLES, type Principal, type Role } from '../../../application/principal.js';

export interface JwtSettings {
  /** HS256 shared secret, at least 32 bytes. */
  readonly secret: Uint8Array;
  readonly issuer?: string;
  readonly audience?: string;
}

export interface VerifierSettings extends JwtSettings {
  /** Leeway on exp, nbf and iat (AUTH_CLOCK_TOLERANCE). */
  readonly clockToleranceSeconds: number;
  /** How many verified tokens to remember (default 10 000). */
  readonly rememberedTokens?: number;
}

/** The token was refused; the message is safe to show (it says why, never the token). */
export class TokenRejectedError extends Error {}

/**
 * Verifies bearer tokens. A client sends the same token on every request until it expires,
 * and an HMAC check through Web Crypto costs more than the rest of a cached read, so a
 * verified token is remembered, keyed by its exact text, until its `exp`. Refused tokens are
 * never remembered: each one is checked in full.
 */
export class JwtVerifier {
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly verified: LRUCache<string, Principal>;
  private readonly toleranceMs: number;

  constructor(private readonly settings: VerifierSettings) {
    // Imported once: jose would import a raw secret again on every call.
    this.key = webcrypto.subtle.importKey('raw', settings.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    this.verified = new LRUCache({ max: settings.rememberedTokens ?? 10_000 });
    this.toleranceMs = settings.clockToleranceSeconds * 1000;
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.toleranceMs / 1000,
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      }));
    } catch (error) {
      throw new TokenRejectedError(reasonFor(error));
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new TokenRejectedError('The token subject is missing or malformed.');
    }
    const principal: Principal = { subject: payload.sub, roles: rolesFrom(payload['roles']) };
    // `exp` is required, so it is a number here; the entry lives exactly as long as jose would accept the token.
    const ttl = (payload.exp ?? 0) * 1000 + this.toleranceMs - Date.now();
    if (ttl > 0) this.verified.set(token, principal, { ttl });
    return principal;
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
