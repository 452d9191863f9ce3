// A flood of costly searches on the embedded database (PGlite runs one query at a time): the
// searches beyond SEARCH_CONCURRENCY wait a moment or get 503, and the rest of the API and
// readiness go on answering. The compiled server in a process of its own, as `npm start` runs it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../../../src/adapters/http/auth/jwt.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';

const SECRET = 'a-search-flood-test-secret-of-32-bytes-or-more';
const PROFILES = 5000;
const SEARCHES = 50;
const FIRST = ['katherine', 'kathleen', 'katrina', 'karina', 'karin', 'kate', 'katja', 'kaitlyn', 'carina', 'catalina'];
const LAST = ['karlsson', 'katz', 'kaminski', 'kaplan', 'karras', 'kasper', 'kaufman', 'kavanagh', 'kazan', 'kathan'];

let service: ServiceProcess | undefined;
afterEach(async () => {
  service?.child.kill('SIGKILL');
  await service?.exited;
});

const bearer = async (subject: string, roles: ('user' | 'admin')[]) =>
  `Bearer ${await mintToken({ secret: new TextEncoder().encode(SECRET) }, { subject, roles, ttlSeconds: 600 })}`;

async function timed(url: string, authorization?: string): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = performance.now();
  const res = await fetch(url, authorization ? { headers: { authorization } } : {});
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
}

test("when 50 costly searches arrive at once on the embedded database, then readiness stays 200, another user's list answers within a second, and searches answer 200 or 503 with Retry-After", async () => {
  service = await startServiceProcess(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'profiles-flood-')),
      AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_READS: '100000',
    },
    30_000,
  );
  const admin = await bearer('flood-admin', ['admin']);
  const lines = Array.from({ length: PROFILES }, (_, n) =>
    JSON.stringify({
      ownerId: `flood-${n}`,
      handle: `${FIRST[n % 10]}_${n}`,
      email: `f${n}@flood.example.com`,
      displayName: `${FIRST[n % 10]} ${LAST[Math.floor(n / 10) % 10]} ${FIRST[(n * 7) % 10]}`,
    }),
  ).join('\n');
  const accepted = await fetch(`${service.url}/v1/profiles/import`, {
    method: 'POST',
    headers: { authorization: admin, 'content-type': 'application/x-ndjson' },
    body: lines,
  });
  expect(accepted.status).toBe(202);
  for (;;) {
    const task = (await (
      await fetch(`${service.url}${accepted.headers.get('location')}`, { headers: { authorization: admin } })
    ).json()) as { status: string };
    if (task.status === 'succeeded') break;
    expect(task.status).not.toBe('dead');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const searcher = await bearer('flood-searcher', ['user']);
  const other = await bearer('flood-other', ['user']);
  let flooding = true;
  const searches = Promise.all(
    Array.from({ length: SEARCHES }, (_, i) =>
      timed(`${service!.url}/v1/profiles?q=${['kathrin', 'karlson', 'katrna', 'kapln'][i % 4]}&limit=50`, searcher),
    ),
  );
  void searches.then(() => (flooding = false));
  const readiness: number[] = [];
  const lists: number[] = [];
  while (flooding) {
    const [ready, list] = await Promise.all([timed(`${service.url}/health/ready`), timed(`${service.url}/v1/profiles?limit=1`, other)]);
    readiness.push(ready.status);
    expect(list.status).toBe(200);
    lists.push(list.ms);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answers = await searches;

  expect({
    readiness: [...new Set(readiness)],
    slowestList: Math.max(...lists) < 1000 ? 'under 1 s' : `${Math.round(Math.max(...lists))} ms`,
  }).toEqual({ readiness: [200], slowestList: 'under 1 s' });
  expect(answers.every((a) => a.status === 200 || (a.status === 503 && a.retryAfter !== null))).toBe(true);
  expect(answers.some((a) => a.status === 200)).toBe(true);
}, 120_000);
