// POST /v1/profiles, over HTTP against the whole in-process service.
import { SignJWT } from 'jose';
import { aCreateBody } from '../support/profile-builder.js';
import { TEST_SECRET, startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
let alice: Client;
beforeAll(async () => {
  svc = await startTestService();
  alice = await svc.as('alice');
});
afterAll(() => svc.stop());

describe('POST /v1/profiles', () => {
  test('when a user creates its profile, then 201 with Location, ETag and the normalized profile', async () => {
    const res = await alice.post('/v1/profiles', aCreateBody({ handle: 'Alice_01', displayName: '  Alice\u202e ', bio: 'Hi\r\nthere' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/profiles/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({
      ownerId: 'alice',
      handle: 'alice_01',
      displayName: 'Alice',
      bio: 'Hi\nthere',
      version: 1,
      avatar: null,
    });
    expect(res.body.email).toEqual(expect.any(String));
    expect((await alice.get(res.headers.get('location')!)).body).toEqual(res.body);
  });

  test('when the owner already has a profile, then 409 naming ownerId', async () => {
    const bob = await svc.as('bob');
    expect((await bob.post('/v1/profiles', aCreateBody())).status).toBe(201);
    const again = await bob.post('/v1/profiles', aCreateBody());
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/owner-has-profile', errors: [{ pointer: '/ownerId' }] });
  });

  test('when the handle is taken in another case, then 409 naming handle', async () => {
    await (await svc.as('carol')).post('/v1/profiles', aCreateBody({ handle: 'popular' }));
    const res = await (await svc.as('dave')).post('/v1/profiles', aCreateBody({ handle: 'POPULAR' }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ pointer: '/handle', message: 'The handle "popular" is taken.' }]);
  });

  test('when 100 owners create profiles with one handle at once, then exactly one gets 201 and 99 get 409', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => svc.as(`racer-${i}`)));
    const results = await Promise.all(clients.map((c) => c.post('/v1/profiles', aCreateBody({ handle: 'contested' }))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
  });

  test('when a user names another owner, then 403; an admin may', async () => {
    const eve = await svc.as('eve');
    expect((await eve.post('/v1/profiles', aCreateBody({ ownerId: 'frank' }))).status).toBe(403);
    const admin = await svc.as('the-admin', ['admin']);
    const res = await admin.post('/v1/profiles', aCreateBody({ ownerId: 'frank' }));
    expect(res.status).toBe(201);
    expect(res.body.ownerId).toBe('frank');
  });

  test('when members are invalid, unknown or read-only, then 422 problem+json naming each by pointer', async () => {
    const res = await (
      await svc.as('gina')
    ).post('/v1/profiles', { handle: 'x', email: 'nope', displayName: 'G', version: 3, id: 'i', color: 'red' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/version', message: 'is read-only' },
        { pointer: '/id', message: 'is read-only' },
        { pointer: '/color', message: 'is not a known member' },
      ]),
    );
    const content = await (await svc.as('gina')).post('/v1/profiles', { handle: 'x', email: 'nope', displayName: 'G' });
    expect(content.status).toBe(422);
    expect(content.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/email', '/handle']);
  });

  test('when required members are missing or of the wrong type, then 422 naming each', async () => {
    const res = await (await svc.as('hal')).post('/v1/profiles', { handle: 5 });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/handle', message: 'must be a string' },
        { pointer: '/email', message: 'is required' },
        { pointer: '/displayName', message: 'is required' },
      ]),
    );
  });

  test('when the body is not JSON, then 400; not an object, then 422', async () => {
    const bad = await alice.request('POST', '/v1/profiles', { body: '{"handle":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, type: '/problems/malformed-body', requestId: bad.headers.get('x-request-id') });
    const array = await (await svc.as('ivy')).post('/v1/profiles', [1, 2]);
    expect(array.status).toBe(422);
    expect(array.body.errors).toEqual([{ pointer: '', message: 'must be an object' }]);
  });

  test('when the media type is not JSON, then 415', async () => {
    const res = await alice.request('POST', '/v1/profiles', {
      body: 'handle=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  test('when the body is larger than the limit, then 413', async () => {
    const res = await (await svc.as('jack')).post('/v1/profiles', aCreateBody({ bio: 'x'.repeat(svc.config.server.bodyLimitBytes) }));
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/body-too-large');
  });
});

describe('Idempotency-Key', () => {
  test('when a create is retried with the same key and body, then the first response is replayed', async () => {
    const kim = await svc.as('kim');
    const body = aCreateBody();
    const first = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'create-kim-1' });
    const retry = await kim.post('/v1/profiles', body, { 'Idempotency-Key': 'create-kim-1' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('etag')).toBe('"1"');
    expect(retry.body).toEqual(first.body);
  });

  test('when the same key comes with another body, then 422', async () => {
    const lea = await svc.as('lea');
    await lea.post('/v1/profiles', aCreateBody(), { 'Idempotency-Key': 'create-lea' });
    const res = await lea.post('/v1/profiles', aCreateBody(), { 'Idempotency-Key': 'create-lea' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/idempotency-key-reused');
  });

  test('when a create failed, then its key may be used again', async () => {
    const max = await svc.as('max');
    const body = aCreateBody({ handle: 'x' });
    expect((await max.post('/v1/profiles', body, { 'Idempotency-Key': 'retry-after-fix' })).status).toBe(422);
    const fixed = aCreateBody();
    expect((await max.post('/v1/profiles', fixed, { 'Idempotency-Key': 'retry-after-fix' })).status).toBe(201);
  });
});

describe('authentication', () => {
  const sign = (claims: Record<string, unknown>, alg = 'HS256', secret = TEST_SECRET) =>
    new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

  test('when no token is sent, then 401 with WWW-Authenticate: Bearer', async () => {
    const res = await svc.anonymous().post('/v1/profiles', aCreateBody());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="profiles"$/);
  });

  test.each([
    ['expired', () => sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 600 }), 'The token has expired.'],
    ['without exp', () => sign({ sub: 'x' }), 'The token\'s "exp" claim is missing or not accepted.'],
    ['without sub', () => sign({ exp: inAMinute() }), 'The token\'s "sub" claim is missing or not accepted.'],
    [
      'with alg none',
      () => Promise.resolve(unsigned({ sub: 'x', exp: inAMinute() })),
      'The token is not signed with an accepted algorithm.',
    ],
    ['signed with HS512', () => sign({ sub: 'x', exp: inAMinute() }, 'HS512'), 'The token is not signed with an accepted algorithm.'],
    [
      'signed with another secret',
      () => sign({ sub: 'x', exp: inAMinute() }, 'HS256', 'another-secret-of-at-least-32-bytes!'),
      'The token signature is not valid.',
    ],
  ])('when the token is %s, then 401 invalid_token saying why', async (_case, make, reason) => {
    const res = await svc.anonymous().request('GET', '/v1/profiles', { headers: { authorization: `Bearer ${await make()}` } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe(reason);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  describe('clock tolerance (AUTH_CLOCK_TOLERANCE)', () => {
    const expiredAgo = (seconds: number) => sign({ sub: 'late', exp: Math.floor(Date.now() / 1000) - seconds });
    const statusWith = async (service: TestService, token: string) =>
      (await service.anonymous().request('GET', '/v1/profiles', { headers: { authorization: `Bearer ${token}` } })).status;

    test('when nothing is set, then a token expired 2 s ago is accepted and one expired 10 s ago is not (5 s leeway)', async () => {
      expect(await statusWith(svc, await expiredAgo(2))).toBe(200);
      expect(await statusWith(svc, await expiredAgo(10))).toBe(401);
    });

    test('when AUTH_CLOCK_TOLERANCE is 0s, then a token expired 2 s ago is refused; at 30s, one expired 10 s ago is accepted', async () => {
      for (const [tolerance, expired, status] of [
        ['0s', 2, 401],
        ['30s', 10, 200],
      ] as const) {
        const other = await startTestService({ env: { AUTH_CLOCK_TOLERANCE: tolerance } });
        try {
          expect({ tolerance, status: await statusWith(other, await expiredAgo(expired)) }).toEqual({ tolerance, status });
        } finally {
          await other.stop();
        }
      }
    });
  });
});
