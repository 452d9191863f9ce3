// Concurrent misses of one id, through HTTP, on an instance with the Redis tier: the
// database is asked once. Statements are counted by the database breaker's success events,
// which every SQL statement of the service passes.
import { aCreateBody } from '../../support/profile-builder.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { redisAddress, testNamespace } from '../../support/redis.js';
import { startTestService, type Client, type TestService } from '../../support/test-service.js';

let database: TestDatabase;
let services: TestService[] = [];
afterEach(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await database.drop();
});

async function databaseStatements(client: Client): Promise<number> {
  const metrics = (await client.get('/metrics')).text;
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('circuit_breaker_events_total{dependency="database",event="success",component="api"}'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

test('when 100 requests for one uncached profile arrive at once, then the database is read once', async () => {
  database = await createTestDatabase();
  // The outbox relay's polling would add statements of its own.
  const env = {
    ...serviceEnv(database.settings),
    CACHE_DRIVER: 'redis',
    REDIS_ADDRESS: await redisAddress(),
    CACHE_KEY_PREFIX: testNamespace(),
    OUTBOX_POLL_INTERVAL: '1h',
  };
  services = [await startTestService({ env }), await startTestService({ env })];
  const [writer, reader] = services;
  const path = (await (await writer!.as('owner')).post('/v1/profiles', aCreateBody())).headers.get('location')!;
  const client = await reader!.as('reader');
  // A scrape reads the outbox backlog from the database itself: measure that cost, then subtract it.
  const first = await databaseStatements(client);
  const before = await databaseStatements(client);
  const perScrape = before - first;

  const replies = await Promise.all(Array.from({ length: 100 }, () => client.get(path)));

  expect(replies.map((r) => r.status)).toEqual(Array(100).fill(200));
  expect((await databaseStatements(client)) - before - perScrape).toBe(1);
});
