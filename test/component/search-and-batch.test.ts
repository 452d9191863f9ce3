// GET /v1/profiles?q= (search) and GET /v1/profiles?ids= (batch read).
import { aCreateBody } from '../support/profile-builder.js';
import { startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
let reader: Client;
let admin: Client;
const ids: Record<string, string> = {};
const emails: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  reader = await svc.as('a-reader');
  admin = await svc.as('an-admin', ['admin']);
  const people: [string, string][] = [
    ['alice', 'Alice Liddell'],
    ['alice_b', 'Another Alice'],
    ['alise', 'Someone Else'],
    ['alicia', 'Alicia Keys'],
    ['bob', 'Robert Paulson'],
    ['carol', 'Carol Alicante'],
    ['sam_a', 'Sam'],
    ['sam_b', 'Sam'],
    ['sam_c', 'Sam'],
    ['gone', 'Alice Gone'],
  ];
  for (const [handle, displayName] of people) {
    const body = aCreateBody({ handle, displayName });
    const res = await (await svc.as(`owner-${handle}`)).post('/v1/profiles', body);
    ids[handle] = res.body.id;
    emails[handle] = body.email as string;
  }
  expect((await admin.delete(`/v1/profiles/${ids['gone']}`)).status).toBe(204);
});
afterAll(() => svc.stop());

const handlesOf = (body: { items: { handle: string }[] }) => body.items.map((item) => item.handle);

describe('GET /v1/profiles?q= (search)', () => {
  test('when searching a handle, then the exact match comes first, then handles it begins, then close spellings, closest first; deleted profiles never', async () => {
    const res = await reader.get('/v1/profiles?q=alice');
    expect(res.status).toBe(200);
    // Closest first: alicia shares more of alice's three-letter pieces than Carol's "Alicante" does, and that more than alise.
    expect(handlesOf(res.body)).toEqual(['alice', 'alice_b', 'alicia', 'carol', 'alise']);
    expect(handlesOf(res.body)).not.toContain('gone');
    expect(res.body.nextCursor).toBeNull();
  });

  test('when the text has a typo or differs in case, then the profile is still found; when nothing is alike, then the page is empty', async () => {
    expect(handlesOf((await reader.get('/v1/profiles?q=Alise')).body)).toContain('alice');
    expect(handlesOf((await reader.get('/v1/profiles?q=LIDDELL')).body)).toEqual(['alice']);
    expect((await reader.get('/v1/profiles?q=zzqx')).body).toEqual({ items: [], nextCursor: null });
  });

  test('when results tie, then they come by handle, a page at a time through nextCursor', async () => {
    const first = await reader.get('/v1/profiles?q=sam&limit=2');
    expect(handlesOf(first.body)).toEqual(['sam_a', 'sam_b']);
    const second = await reader.get(`/v1/profiles?q=sam&limit=2&cursor=${first.body.nextCursor}`);
    expect(handlesOf(second.body)).toEqual(['sam_c']);
    expect(second.body.nextCursor).toBeNull();
  });

  test('when another user searches, then no e-mail is shown; when the owner or an admin does, then theirs is', async () => {
    const [item] = (await reader.get('/v1/profiles?q=bob')).body.items;
    expect(item).not.toHaveProperty('email');
    expect((await admin.get('/v1/profiles?q=bob')).body.items[0].email).toBe(emails['bob']);
    const owner = await svc.as('owner-bob');
    expect((await owner.get('/v1/profiles?q=bob')).body.items[0].email).toBe(emails['bob']);
  });

  test.each([
    ['a text too short', 'q=a', [{ parameter: 'q', message: 'must be at least 2 characters long' }]],
    ['a text too long', `q=${'x'.repeat(65)}`, [{ parameter: 'q', message: 'must be at most 64 characters long' }]],
    ['a text of spaces only', 'q=%20%20%20', [{ parameter: 'q', message: 'must be at least 2 characters long' }]],
    ['q with handlePrefix', 'q=alice&handlePrefix=al', [{ parameter: 'handlePrefix', message: 'cannot be combined with q' }]],
    ['a limit over 50', 'q=alice&limit=51', [{ parameter: 'limit', message: 'must be <= 50 for a search' }]],
    [
      'a list cursor',
      `q=alice&cursor=${Buffer.from(JSON.stringify({ after: 'alice' })).toString('base64url')}`,
      [{ parameter: 'cursor', message: 'is not a cursor of a search this service issued' }],
    ],
  ])('when the search has %s, then 400 naming the parameter', async (_case, query, errors) => {
    const res = await reader.get(`/v1/profiles?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(errors);
  });
});

describe('GET /v1/profiles?ids= (batch read)', () => {
  test('when ids repeat and some are unknown or deleted, then items in the order asked, each once, and the rest missing', async () => {
    const unknown = '0190b6a2-0000-7000-8000-000000000000';
    const asked = [ids['carol'], unknown, ids['alice'], ids['carol'], ids['gone']];
    const res = await reader.get(`/v1/profiles?ids=${asked.join(',')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(handlesOf(res.body)).toEqual(['carol', 'alice']);
    expect(res.body.missing).toEqual([unknown, ids['gone']]);
  });

  test('when read again, then the answer is the same (served from the cache)', async () => {
    const path = `/v1/profiles?ids=${ids['alice']},${ids['bob']}`;
    const first = await reader.get(path);
    expect((await reader.get(path)).body).toEqual(first.body);
  });

  test('when the owner asks, then their own profile carries the e-mail and the others do not', async () => {
    const owner = await svc.as('owner-alice');
    const res = await owner.get(`/v1/profiles?ids=${ids['alice']},${ids['bob']}`);
    expect(res.body.items[0].email).toBe(emails['alice']);
    expect(res.body.items[1]).not.toHaveProperty('email');
  });

  test('when every id is unknown, then 200 with no items and all of them missing', async () => {
    const unknown = ['0190b6a2-0000-7000-8000-00000000000a', '0190b6a2-0000-7000-8000-00000000000b'];
    expect((await reader.get(`/v1/profiles?ids=${unknown.join(',')}`)).body).toEqual({ items: [], missing: unknown });
  });

  const many = (n: number) => Array.from({ length: n }, (_, i) => `0190b6a2-0000-7000-8000-${String(i).padStart(12, '0')}`);
  test.each([
    [
      'a malformed id',
      'ids=0190b6a2-0000-7000-8000-000000000001,not-a-uuid',
      'ids',
      /^must be comma-separated profile ids \(UUIDs\); not: "not-a-uuid"$/,
    ],
    ['an empty entry', 'ids=0190b6a2-0000-7000-8000-000000000001,', 'ids', /not: ""/],
    ['101 ids', `ids=${many(101).join(',')}`, 'ids', /^must hold at most 100 ids \(got 101\)$/],
    ['ids with q', 'ids=0190b6a2-0000-7000-8000-000000000001&q=alice', 'ids', /^cannot be combined with q$/],
    ['ids with a limit', 'ids=0190b6a2-0000-7000-8000-000000000001&limit=5', 'limit', /^cannot be combined with ids$/],
    ['ids with handlePrefix', 'ids=0190b6a2-0000-7000-8000-000000000001&handlePrefix=a', 'handlePrefix', /^cannot be combined with ids$/],
  ])('when the batch has %s, then 400 naming the parameter', async (_case, query, parameter, message) => {
    const res = await reader.get(`/v1/profiles?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].parameter).toBe(parameter);
    expect(res.body.errors[0].message).toMatch(message);
  });

  test('when 100 ids repeat one id, then they collapse to it and the batch is accepted', async () => {
    const res = await reader.get(`/v1/profiles?ids=${Array.from({ length: 100 }, () => ids['bob']).join(',')}`);
    expect(res.status).toBe(200);
    expect(handlesOf(res.body)).toEqual(['bob']);
  });
});
