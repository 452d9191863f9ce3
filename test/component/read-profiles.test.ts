// GET /v1/profiles/{id} (its headers, through the low-level client) and GET /v1/profiles (pages,
// through the shipped client as its users page).
import { aCreateBody, aCreateRequest } from '../support/profile-builder.js';
import { startTestService, type Client, type TestService } from '../support/test-service.js';

let svc: TestService;
let owner: Client;
let other: Client;
let created: { id: string; email: string };
beforeAll(async () => {
  svc = await startTestService();
  owner = await svc.as('reader-owner');
  other = await svc.as('someone-else');
  created = (await owner.post('/v1/profiles', aCreateBody({ handle: 'readme' }))).body;
});
afterAll(() => svc.stop());

describe('GET /v1/profiles/{id}', () => {
  test('when the owner reads it, then 200 with the e-mail and an ETag', async () => {
    const res = await owner.get(`/v1/profiles/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(created.email);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('vary')).toContain('Authorization');
  });

  test('when another user reads it, then 200 without the e-mail, under a different ETag', async () => {
    const res = await other.get(`/v1/profiles/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('email');
    expect(res.body.handle).toBe('readme');
    expect(res.headers.get('etag')).toBe('"1-public"');
  });

  test('when If-None-Match holds the current ETag, then 304 with no body', async () => {
    const res = await owner.get(`/v1/profiles/${created.id}`, { 'If-None-Match': '"1"' });
    expect(res.status).toBe(304);
    expect(res.text).toBe('');
    expect((await owner.get(`/v1/profiles/${created.id}`, { 'If-None-Match': '"0"' })).status).toBe(200);
  });

  test('when the id is unknown or not a UUID, then 404 problem+json', async () => {
    for (const id of ['0190b6a2-0000-7000-8000-000000000000', 'not-a-uuid']) {
      const res = await owner.get(`/v1/profiles/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: `/v1/profiles/${id}` });
    }
  });
});

describe('GET /v1/profiles', () => {
  let lister: TestService;
  beforeAll(async () => {
    lister = await startTestService();
    for (const handle of ['delta', 'alpha', 'charlie', 'bravo', 'echo', 'alpine']) {
      await (await lister.client(`owner-${handle}`)).createProfile(aCreateRequest({ handle }));
    }
  });
  afterAll(() => lister.stop());

  test('when listed page by page, then every profile comes once, ordered by handle', async () => {
    const client = await lister.client('viewer');
    const handles: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await client.listProfiles({ limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.items.every((p) => p.email === undefined)).toBe(true);
      handles.push(...page.items.map((p) => p.handle));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(handles).toEqual(['alpha', 'alpine', 'bravo', 'charlie', 'delta', 'echo']);
    expect(pages).toBe(2);
  });

  test('when filtered by a handle prefix (any case), then only matching handles come', async () => {
    const page = await (await lister.client('viewer')).listProfiles({ handlePrefix: 'ALP' });
    expect(page.items.map((p) => p.handle)).toEqual(['alpha', 'alpine']);
    expect(page.nextCursor).toBeNull();
  });

  test('when no limit is given and more than 20 profiles exist, then a page of 20 comes with a cursor to the rest', async () => {
    const many = await startTestService();
    try {
      const admin = await many.client('bulk-admin', ['admin']);
      for (let i = 0; i < 23; i++) {
        await admin.createProfile(aCreateRequest({ handle: `page_${String(i).padStart(2, '0')}`, ownerId: `page-owner-${i}` }));
      }

      const page = await admin.listProfiles();

      expect({ count: page.items.length, more: page.nextCursor !== null }).toEqual({ count: 20, more: true });
    } finally {
      await many.stop();
    }
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['handlePrefix=a%25', 'handlePrefix'],
    ['sort=handle', 'sort'],
  ])('when the query has %s, then 400 naming the parameter', async (query, parameter) => {
    const res = await (await lister.as('viewer')).get(`/v1/profiles?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([parameter]);
  });

  test('when both the cursor and the prefix are bad, then one 400 names both', async () => {
    const res = await (await lister.as('viewer')).get('/v1/profiles?cursor=bm90LWEtY3Vyc29y&handlePrefix=a%25');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual(['cursor', 'handlePrefix']);
  });
});
