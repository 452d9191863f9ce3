import { SignJWT } from 'jose';
import { JwtVerifier, TokenRejectedError, mintToken } from '../../../src/adapters/http/auth/jwt.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('JwtVerifier', () => {
  test('when a token was accepted and then expires, then it is refused', async () => {
    const verifier = new JwtVerifier({ secret, clockToleranceSeconds: 0 });
    const token = await new SignJWT({ roles: ['user'] }).setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice').setExpirationTime(nowSeconds() + 1).sign(secret);

    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await expect(verifier.verify(token)).rejects.toThrow(new TokenRejectedError('The token has expired.'));
  });

  test('when an accepted token is sent again with its signature altered, then it is refused', async () => {
    const verifier = new JwtVerifier({ secret, clockToleranceSeconds: 5 });
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
