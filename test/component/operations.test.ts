// Health, metrics, OpenAPI and the cross-cutting behaviour every response shares.
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { aCreateBody } from '../support/profile-builder.js';
import { startTestService, type TestService } from '../support/test-service.js';

/** Errors and warnings (not information, such as "AsyncAPI 3.1 exists"). */
const serious = (severity: DiagnosticSeverity) => severity === DiagnosticSeverity.Error || severity === DiagnosticSeverity.Warning;

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ env: { METRICS_TOKEN: 'metrics-token-for-tests' } });
});
afterAll(() => svc.stop());

describe('health endpoints', () => {
  test('when the service is running, then live and ready are 200 and ready names each dependency', async () => {
    expect((await svc.anonymous().get('/health/live')).status).toBe(200);
    const ready = await svc.anonymous().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'up',
      phase: 'ready',
      checks: {
        database: { status: 'up', critical: true },
        cache: { status: 'up', critical: false },
        queue: { status: 'up', critical: false },
      },
    });
    const health = await svc.anonymous().get('/health');
    expect(health.body).toMatchObject({ status: 'up', version: expect.any(String) });
  });
});

describe('GET /metrics', () => {
  test('when METRICS_TOKEN is set and not sent, then 401', async () => {
    const res = await svc.anonymous().get('/metrics');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  test('when requests were served, then counts and latencies appear by route template, never by raw path', async () => {
    const alice = await svc.as('metrics-alice');
    const created = await alice.post('/v1/profiles', aCreateBody());
    await alice.get(`/v1/profiles/${created.body.id}`);
    const res = await svc.anonymous().get('/metrics', { authorization: 'Bearer metrics-token-for-tests' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/v1\/profiles\/:id",status="200",component="api"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).not.toContain(created.body.id);
  });
});

describe('GET /openapi.json', () => {
  test('when fetched, then it is a valid OpenAPI 3.1 document covering every profile operation', async () => {
    const res = await svc.anonymous().get('/openapi.json');
    expect(res.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const operations = Object.values(res.body.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.values(item).map((op) => op.operationId))
      .filter(Boolean);
    expect(operations).toEqual(
      expect.arrayContaining([
        'createProfile',
        'getProfile',
        'listProfiles',
        'updateProfile',
        'deleteProfile',
        'restoreProfile',
        'uploadAvatar',
        'getAvatar',
        'deleteAvatar',
        'importProfiles',
        'getTask',
        'retryTask',
      ]),
    );
  });

  test('when the idempotency window is configured, then the document states the configured one', async () => {
    const shortWindow = await startTestService({ env: { IDEMPOTENCY_TTL: '90m' } });
    try {
      const doc = (await shortWindow.anonymous().get('/openapi.json')).body;
      const keyHeader = doc.paths['/v1/profiles'].post.parameters.find((p: { name: string }) => p.name === 'Idempotency-Key');
      expect(keyHeader.description).toContain('for 90 min;');
    } finally {
      await shortWindow.stop();
    }
  });

  test('when a response is checked against the document, then it matches its schema', async () => {
    const doc = (await svc.anonymous().get('/openapi.json')).body;
    const created = await (await svc.as('schema-check')).post('/v1/profiles', aCreateBody());
    const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    expect(ajv.validate({ $ref: 'doc#/components/schemas/Profile' }, created.body)).toBe(true);
    const problem = await svc.anonymous().get('/v1/profiles');
    expect(ajv.validate({ $ref: 'doc#/components/schemas/Problem' }, problem.body)).toBe(true);
  });
});

describe('problem types', () => {
  test('when a problem is answered, then its type URI is a page of that type, with its status and title', async () => {
    const owner = await svc.as('problem-reader');
    const created = await owner.post('/v1/profiles', aCreateBody());
    const path = `/v1/profiles/${created.body.id}`;
    const problems = [
      await svc.anonymous().get('/v1/profiles'),
      await owner.get('/v1/profiles/0192f0c1-0000-7000-8000-00000000abcd'),
      await owner.post('/v1/profiles', { handle: 1 }),
      await owner.request('POST', '/v1/profiles', { body: '{', headers: { 'content-type': 'application/json' } }),
      await owner.get('/v1/nothing-here'),
      await owner.request('PUT', '/v1/profiles'),
      await owner.patch(path, { bio: 'x' }, { 'If-Match': '"99"' }),
      await owner.patch(path, { bio: 'x' }),
    ];
    expect(new Set(problems.map((p) => p.status))).toEqual(new Set([401, 404, 422, 400, 405, 412, 428]));
    for (const problem of problems) {
      const page = await svc.anonymous().get(problem.body.type as string);
      expect({ at: problem.body.type, status: page.status, body: page.body }).toEqual({
        at: problem.body.type,
        status: 200,
        body: { type: problem.body.type, status: problem.status, title: expect.any(String), description: expect.any(String) },
      });
    }
  });

  test('when a type no problem has is asked for, then 404', async () => {
    expect((await svc.anonymous().get('/problems/no-such-thing')).status).toBe(404);
  });
});

describe('limits in the document', () => {
  test('when a validating proxy checks bodies against the document, then it refuses what the service refuses: a 70,000-character bio, a bad handle', async () => {
    const doc = (await svc.anonymous().get('/openapi.json')).body;
    const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const create = ajv.getSchema('doc#/components/schemas/CreateProfile')!;
    const patch = ajv.getSchema('doc#/components/schemas/ProfilePatch')!;
    const owner = await svc.as('limits-checker');
    // The bio is refused as too large a body (413) before any member is read; the others with 422.
    const refusals = [
      [aCreateBody({ bio: 'x'.repeat(70_000) }), 413],
      [aCreateBody({ handle: '9lives' }), 422],
      [aCreateBody({ displayName: 'd'.repeat(65) }), 422],
    ] as const;
    for (const [body, status] of refusals) {
      expect({ proxy: create(body), service: (await owner.post('/v1/profiles', body)).status }).toEqual({ proxy: false, service: status });
    }
    expect(patch({ location: 'l'.repeat(101) })).toBe(false);
    const fine = aCreateBody({ bio: 'b'.repeat(500) });
    expect({ proxy: create(fine), service: (await owner.post('/v1/profiles', fine)).status }).toEqual({ proxy: true, service: 201 });
  });
});

describe('rate limits in the document', () => {
  test('when the document is read, then every /v1 operation states its 429 (Retry-After) and the RateLimit-* headers of its answers', async () => {
    const doc = (await svc.anonymous().get('/openapi.json')).body as {
      paths: Record<string, Record<string, { responses?: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => method !== 'parameters')
          .map(([method, op]) => ({ at: `${method} ${path}`, responses: op.responses ?? {} })),
      );
    expect(operations.length).toBeGreaterThan(10);
    for (const { at, responses } of operations) {
      expect({ at, retryAfter: Object.keys(responses['429']?.headers ?? {}).includes('Retry-After') }).toEqual({ at, retryAfter: true });
      expect({ at, documents500: '500' in responses }).toEqual({ at, documents500: true });
      for (const [status, response] of Object.entries(responses).filter(([status]) => /^[234]/.test(status))) {
        expect({ at, status, headers: Object.keys(response.headers ?? {}) }).toEqual({
          at,
          status,
          headers: expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy']),
        });
      }
    }
  });

  test('when a profile, its (absent) avatar, a missing profile are read and a bad create sent, then every answer carries the RateLimit-* headers the document states', async () => {
    const owner = await svc.as('rate-limit-reader');
    const created = await owner.post('/v1/profiles', aCreateBody());
    const answers = [
      await owner.get(`/v1/profiles/${created.body.id}`),
      await svc.anonymous().get(`/v1/profiles/${created.body.id}/avatar`),
      await owner.get('/v1/profiles/0192f0c1-0000-7000-8000-00000000abcd'),
      await owner.post('/v1/profiles', { handle: 1 }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 404, 404, 422]);
    for (const res of answers) {
      expect({ limit: res.headers.get('ratelimit-limit'), policy: res.headers.get('ratelimit-policy') }).toEqual({
        limit: expect.stringMatching(/^\d+$/),
        policy: expect.stringMatching(/^\d+;w=\d+$/),
      });
    }
  });
});

describe('GET /asyncapi.json', () => {
  test("when fetched, then it is a valid AsyncAPI 3.0 document of the events, with this service's exchange and source", async () => {
    const configured = await startTestService({
      env: { EVENTS_EXCHANGE: 'acme.profiles', EVENTS_SOURCE: 'https://profiles.acme.example' },
    });
    try {
      const res = await configured.anonymous().get('/asyncapi.json');
      expect(res.status).toBe(200);
      const { document, diagnostics } = await new Parser().parse(JSON.stringify(res.body));
      expect(diagnostics.filter((d) => serious(d.severity))).toEqual([]);
      expect(
        document
          ?.channels()
          .all()
          .map((c) => c.address()),
      ).toEqual(['acme.profiles']);
      expect(res.body.components.schemas.CloudEvent.properties.source.examples).toEqual(['https://profiles.acme.example']);
      // The events' Profile is the API's: one schema, not two copies.
      expect(res.body.components.schemas.Profile).toEqual(
        (await configured.anonymous().get('/openapi.json')).body.components.schemas.Profile,
      );
    } finally {
      await configured.stop();
    }
  });
});

describe('every response', () => {
  test('when a valid X-Request-Id comes in, then it is echoed; otherwise one is made', async () => {
    const echoed = await svc.anonymous().get('/health/live', { 'X-Request-Id': 'client-req-42' });
    expect(echoed.headers.get('x-request-id')).toBe('client-req-42');
    const made = await svc.anonymous().get('/health/live', { 'X-Request-Id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when any response is sent, then it carries nosniff and no-store', async () => {
    const res = await svc.anonymous().get('/v1/profiles');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('when a path has no resource, then 404 problem+json', async () => {
    const res = await svc.anonymous().get('/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/route-not-found', status: 404, requestId: res.headers.get('x-request-id') });
  });

  test('when a method is not supported, then 405 with Allow', async () => {
    const res = await (await svc.as('x')).request('PUT', '/v1/profiles');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
    expect(res.body.type).toBe('/problems/method-not-allowed');
  });

  test('when requests are logged, then no token, Authorization header or e-mail address appears in the logs', async () => {
    const client = await svc.as('log-checker');
    const body = aCreateBody({ email: 'secret.person@example.com' });
    await client.post('/v1/profiles', body);
    const logs = svc.logLines.join('');
    expect(logs).toContain('"route":"/v1/profiles"');
    expect(logs).not.toContain('secret.person@example.com');
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(logs.toLowerCase()).not.toContain('bearer');
  });
});

describe('rate limiting', () => {
  let limited: TestService;
  beforeAll(async () => {
    limited = await startTestService({ env: { RATE_LIMIT_READS: '3', RATE_LIMIT_WRITES: '1', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => limited.stop());

  test('when a principal exceeds its read limit, then 429 with Retry-After and RateLimit headers; others are unaffected', async () => {
    const greedy = await limited.as('greedy');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await greedy.get('/v1/profiles')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await greedy.get('/v1/profiles');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.body.type).toBe('/problems/rate-limited');
    expect((await (await limited.as('modest')).get('/v1/profiles')).status).toBe(200);
  });

  test('when writes exceed their tighter limit, then 429 even though reads are left', async () => {
    const writer = await limited.as('writer');
    expect((await writer.post('/v1/profiles', aCreateBody())).status).toBe(201);
    expect((await writer.post('/v1/profiles', aCreateBody())).status).toBe(429);
    expect((await writer.get('/v1/profiles')).status).toBe(200);
  });

  test('when requests are unauthenticated, then they are limited per client IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.anonymous().get('/v1/profiles')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
