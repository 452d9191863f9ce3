// Random and hostile JSON against create and patch: whatever arrives, the answer is a
// deliberate 2xx or 4xx problem, never a 5xx.
import fc from 'fast-check';
import { startTestService, type TestService } from '../support/test-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u202e',
  '\ud800',
  '\u200b'.repeat(100),
  'a'.repeat(10_000),
  '__proto__',
  'constructor',
  "'; DROP TABLE profiles; --",
  '<script>alert(1)</script>',
  '%s%n',
  '../../etc/passwd',
  'admin',
  'javascript:alert(1)',
  'https://user:pw@example.com',
  'https://example.com',
  'ALICE_01',
  'x@y.z',
  '\u{1F600}'.repeat(70),
);
const anyValue = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const memberName = fc.oneof(
  fc.constantFrom(
    'handle',
    'email',
    'displayName',
    'bio',
    'location',
    'website',
    'ownerId',
    'id',
    'version',
    'avatar',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }),
);
const hostileBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(memberName, anyValue, { maxKeys: 8 }) },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.json().map((text) => ({ raw: text })) },
);

async function send(method: 'POST' | 'PATCH', path: string, body: unknown, headers: Record<string, string>, token: string) {
  const raw =
    typeof body === 'object' && body !== null && 'raw' in body && Object.keys(body).length === 1 ? String(body.raw) : JSON.stringify(body);
  const res = await fetch(`${svc.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
      ...headers,
    },
    body: raw,
  });
  const text = await res.text();
  return { status: res.status, text };
}

describe('hostile request bodies', () => {
  test('when 500 random bodies are posted to create, then none gets a 5xx', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const token = await svc.token(`fuzz-create-${n++}`);
        const res = await send('POST', '/v1/profiles', body, {}, token);
        expect(res.status).toBeLessThan(500);
        expect(res.text).not.toMatch(/at [\w.]+ \(|node_modules/);
      }),
      { numRuns: 500 },
    );
    // 500 requests, each minting a token: seconds on a busy machine (jest's default is 5).
  }, 60_000);

  test('when 500 random merge patches are sent to a profile, then none gets a 5xx', async () => {
    const token = await svc.token('fuzz-patch-owner');
    const created = await send(
      'POST',
      '/v1/profiles',
      { handle: 'fuzz_target', email: 'fuzz@example.com', displayName: 'Fuzz' },
      {},
      token,
    );
    const { id } = JSON.parse(created.text) as { id: string };
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const res = await send('PATCH', `/v1/profiles/${id}`, body, { 'If-Match': '*' }, token);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
    // Whatever was accepted, the stored profile still reads back as a valid one.
    const after = await fetch(`${svc.url}/v1/profiles/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  }, 60_000);
});
