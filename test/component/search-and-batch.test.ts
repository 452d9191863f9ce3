// GET /v1/profiles?q= (search) and GET /v1/profiles?ids= (batch read), through the shipped
// client as the API's users call them; malformed queries through the low-level client.
import type { ProfileClient } from '../../clients/typescript/src/index.js';
import { aCreateRequest } from '../support/profile-builder.js';
import { startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
let reader: ProfileClient;
let admin: ProfileClient;
/** The reader, for the queries no client would send. */
let raw: Client;
const ids: Record<string, string> = {};
const emails: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  reader = await svc.client('a-reader');
  admin = await svc.client('an-admin', ['admin']);
  raw = await svc.as('a-reader');
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
    const body = aCreateRequest({ handle, displayName });
    ids[handle] = (await (await svc.client(`owner-${handle}`)).createProfile(body)).value.id;
    emails[handle] = body.email;
  }
  await admin.deleteProfile(ids['gone']!);
});
afterAll(() => svc.stop());

const handlesOf = (page: { items: readonly { handle: string }[] }) => page.items.map((item) => item.handle);

describe('GET /v1/profiles?q= (search)', () => {
  test('when searching a handle, then the exact match comes first, then handles it begins, then close spellings, closest first; deleted profiles never', async () => {
    const page = await reader.searchProfiles('alice');
    // Closest first: alicia shares more of alice's three-letter pieces than Carol's "Alicante" does, and that more than alise.
    expect(handlesOf(page)).toEqual(['alice', 'alice_b', 'alicia', 'carol', 'alise']);
    expect(handlesOf(page)).not.toContain('gone');
    expect(page.nextCursor).toBeNull();
  });

  test('when the text has a typo or differs in case, then the profile is still found; when nothing is alike, then the page is empty', async () => {
    expect(handlesOf(await reader.searchProfiles('Alise'))).toContain('alice');
    expect(handlesOf(await reader.searchProfiles('LIDDELL'))).toEqual(['alice']);
    expect(await reader.searchProfiles('zzqx')).toEqual({ items: [], nextCursor: null });
  });

  test('when results tie, then they come by handle, a page at a time through nextCursor', async () => {
    const first = await reader.searchProfiles('sam', { limit: 2 });
    expect(handlesOf(first)).toEqual(['sam_a', 'sam_b']);
    const second = await reader.searchProfiles('sam', { limit: 2, cursor: first.nextCursor! });
    expect(handlesOf(second)).toEqual(['sam_c']);
    expect(second.nextCursor).toBeNull();
  });

  test('when another user searches, then no e-mail is shown; when the owner or an admin does, then theirs is', async () => {
    const [item] = (await reader.searchProfiles('bob')).items;
    expect(item).not.toHaveProperty('email');
    expect((await admin.searchProfiles('bob')).items[0]!.email).toBe(emails['bob']);
    const owner = await svc.client('owner-bob');
    expect((await owner.searchProfiles('bob')).items[0]!.email).toBe(emails['bob']);
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
    const res = await raw.get(`/v1/profiles?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(errors);
  });
});

describe('GET /v1/profiles?ids= (batch read)', () => {
  test('when ids repeat and some are unknown or deleted, then items in the order asked, each once, and the rest missing', async () => {
    const unknown = '0190b6a2-0000-7000-8000-000000000000';
    const asked = [ids['carol']!, unknown, ids['alice']!, ids['carol']!, ids['gone']!];
    const batch = await reader.getProfiles(asked);
    expect(handlesOf(batch)).toEqual(['carol', 'alice']);
    expect(batch.missing).toEqual([unknown, ids['gone']]);
  });

  test('when read again, then the answer is the same (served from the cache)', async () => {
    const asked = [ids['alice']!, ids['bob']!];
    const first = await reader.getProfiles(asked);
    expect(await reader.getProfiles(asked)).toEqual(first);
  });

  test('when the owner asks, then their own profile carries the e-mail and the others do not', async () => {
    const owner = await svc.client('owner-alice');
    const batch = await owner.getProfiles([ids['alice']!, ids['bob']!]);
    expect(batch.items[0]!.email).toBe(emails['alice']);
    expect(batch.items[1]).not.toHaveProperty('email');
  });

  test('when every id is unknown, then 200 with no items and all of them missing', async () => {
    const unknown = ['0190b6a2-0000-7000-8000-00000000000a', '0190b6a2-0000-7000-8000-00000000000b'];
    expect(await reader.getProfiles(unknown)).toEqual({ items: [], missing: unknown });
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
    const res = await raw.get(`/v1/profiles?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].parameter).toBe(parameter);
    expect(res.body.errors[0].message).toMatch(message);
  });

  test('when 100 ids repeat one id, then they collapse to it and the batch is accepted', async () => {
    expect(handlesOf(await reader.getProfiles(Array.from({ length: 100 }, () => ids['bob']!)))).toEqual(['bob']);
  });
});
