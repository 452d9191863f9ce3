// The bearer-token verifier: what it accepts and refuses, and that it remembers an accepted
// token (one signature check) until the moment it would refuse it. Time is a ManualClock.
import { SignJWT } from 'jose';
import {
  JwtVerifier,
  TokenRejectedError,
  mintToken,
  signatureCheck,
  type TokenCheck,
  type VerifierSettings,
} from '../../../../src/adapters/http/auth/jwt.js';
import { ManualClock } from '../../../support/manual-clock.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');

function setUp(toleranceSeconds = 0) {
  const clock = new ManualClock();
  const settings: VerifierSettings = { secret, clockToleranceSeconds: toleranceSeconds, clock };
  let checks = 0;
  const full = signatureCheck(settings);
  const counted: TokenCheck = (token) => {
    checks++;
    return full(token);
  };
  const seconds = () => Math.floor(clock.now().getTime() / 1000);
  const token = (subject: string, lifetimeSeconds: number) =>
    new SignJWT({ roles: ['user'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt(seconds())
      .setExpirationTime(seconds() + lifetimeSeconds)
      .sign(secret);
  return { clock, verifier: new JwtVerifier(settings, counted), checks: () => checks, token };
}

describe('JwtVerifier', () => {
  test('when a token was accepted and then expires, then it is refused', async () => {
    const { clock, verifier, token } = setUp();
    const alice = await token('alice', 60);
    await verifier.verify(alice);
    clock.advance(61_000);

    await expect(verifier.verify(alice)).rejects.toThrow(new TokenRejectedError('The token has expired.'));
  });

  test('when a token expired less than the clock tolerance ago, then it is still accepted; past it, refused', async () => {
    const { clock, verifier, token } = setUp(5);
    const alice = await token('alice', 60);
    clock.advance(63_000);
    await expect(verifier.verify(alice)).resolves.toMatchObject({ subject: 'alice' });
    clock.advance(3_000);

    await expect(verifier.verify(alice)).rejects.toBeInstanceOf(TokenRejectedError);
  });

  test('when the same token comes again before it expires, then its signature is checked once', async () => {
    const { clock, verifier, checks, token } = setUp();
    const alice = await token('alice', 60);
    for (let i = 0; i < 5; i++) {
      await verifier.verify(alice);
      clock.advance(10_000);
    }

    expect(checks()).toBe(1);
  });

  test('when a refused token comes again, then it is checked again every time (refusals are not remembered)', async () => {
    const { verifier, checks } = setUp();
    for (let i = 0; i < 3; i++) await verifier.verify('not.a.token').catch(() => undefined);

    expect(checks()).toBe(3);
  });

  test('when an accepted token is sent again with its signature altered, then it is refused', async () => {
    const { verifier } = setUp(5);
    const token = await mintToken({ secret }, { subject: 'alice', roles: ['user'], ttlSeconds: 60 });
    await verifier.verify(token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';

    await expect(verifier.verify(`${token.slice(0, -2)}${last}${token.at(-1)}`)).rejects.toBeInstanceOf(TokenRejectedError);
  });

  test('when the same token is verified twice, then both give the same principal and roles', async () => {
    const verifier = new JwtVerifier({ secret, clockToleranceSeconds: 5 });
    const token = await mintToken({ secret }, { subject: 'root', roles: ['admin'], ttlSeconds: 60 });

    const [first, second] = [await verifier.verify(token), await verifier.verify(token)];

    expect(second).toEqual(first);
    expect([...second.roles]).toEqual(['admin']);
  });
});
