// Bearer JWTs: verification for requests, minting for the token command. The algorithm
// list is pinned, which is what refuses `alg: none` and algorithm confusion.
import { webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { ROLES, type Principal, type Role } from '../../../application/principal.js';
import type { Clock } from '../../../domain/ports/clock.js';

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
  /** What "now" is for exp, nbf and iat; the system clock unless a test moves time. */
  readonly clock?: Clock;
}

/** The token was refused; the message is safe to show (it says why, never the token). */
export class TokenRejectedError extends Error {}

/** A token checked in full: who it names, and until when it may be accepted (epoch ms, tolerance included). */
export interface CheckedToken {
  readonly principal: Principal;
  readonly acceptedUntil: number;
}

/** Checks a token in full: signature, algorithm, claims. Throws TokenRejectedError. */
export type TokenCheck = (token: string) => Promise<CheckedToken>;

const systemClock: Clock = { now: () => new Date() };

/** The full check, with jose: the algorithm list is pinned (no `none`, no algorithm confusion). */
export function signatureCheck(settings: VerifierSettings): TokenCheck {
  // Imported once: jose would import a raw secret again on every call.
  const key = webcrypto.subtle.importKey('raw', settings.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const clock = settings.clock ?? systemClock;
  const toleranceMs = settings.clockToleranceSeconds * 1000;
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: settings.clockToleranceSeconds,
        currentDate: clock.now(),
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
      }));
    } catch (error) {
      throw new TokenRejectedError(reasonFor(error));
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new TokenRejectedError('The token subject is missing or malformed.');
    }
    // `exp` is required, so it is a number here.
    return {
      principal: { subject: payload.sub, roles: rolesFrom(payload['roles']) },
      acceptedUntil: (payload.exp ?? 0) * 1000 + toleranceMs,
    };
  };
}

/**
 * Verifies bearer tokens. A client sends the same token on every request until it expires,
 * and an HMAC check through Web Crypto costs more than the rest of a cached read, so a
 * verified token is remembered, keyed by its exact text, until it would no longer be
 * accepted. Refused tokens are never remembered: each one is checked in full.
 */
export class JwtVerifier {
  private readonly verified: LRUCache<string, CheckedToken>;
  private readonly clock: Clock;

  constructor(
    settings: VerifierSettings,
    private readonly check: TokenCheck = signatureCheck(settings),
  ) {
    this.verified = new LRUCache({ max: settings.rememberedTokens ?? 10_000 });
    this.clock = settings.clock ?? systemClock;
  }

  async verify(token: string): Promise<Principal> {
    const now = this.clock.now().getTime();
    const known = this.verified.get(token);
    if (known && known.acceptedUntil > now) return known.principal;
    this.verified.delete(token);
    const checked = await this.check(token);
    if (checked.acceptedUntil > now) this.verified.set(token, checked);
    return checked.principal;
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
  /** When it is issued (now by default): the verifier's clock decides when it expires. */
  readonly issuedAt?: Date;
}

export async function mintToken(settings: JwtSettings, request: TokenRequest): Promise<string> {
  const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  let jwt = new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds);
  if (settings.issuer) jwt = jwt.setIssuer(settings.issuer);
  if (settings.audience) jwt = jwt.setAudience(settings.audience);
  return jwt.sign(settings.secret);
}
