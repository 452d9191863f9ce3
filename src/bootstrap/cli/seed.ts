// Demo profiles for a service that runs (npm start), made through its API with one import,
// and the tokens to try them with:
//   npm run --silent seed [-- --url http://localhost:8080] [--count 25]
import { parseArgs } from 'node:util';
import { mintServiceToken } from '../../adapters/http/auth/auth-secret.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';

const USAGE = 'usage: npm run --silent seed -- [--url http://localhost:8080] [--count 25]';
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Margaret',
  'Dennis',
  'Radia',
  'Tim',
  'Hedy',
  'Linus',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'Torvalds',
];

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { url?: string; count?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { url: { type: 'string' }, count: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const count = Number(values.count ?? 25);
if (!Number.isInteger(count) || count < 1 || count > 10_000) fail('--count: a whole number from 1 to 10000.');

const config = loadConfigOrExit();
const url = values.url ?? `http://localhost:${config.server.port}`;
const sign = (subject: string, roles: ('user' | 'admin')[]) => mintServiceToken(config, { subject, roles, ttlSeconds: 12 * 3600 });
const admin = await sign('demo-admin', ['admin']);

const lines = Array.from({ length: count }, (_, n) => {
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length]!;
  const handle =
    `${first}_${last}`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '')
      .slice(0, 24) + (n >= FIRST.length ? `_${n}` : '');
  return JSON.stringify({
    ownerId: `demo-${n + 1}`,
    handle,
    email: `${handle}@demo.example.com`,
    displayName: `${first} ${last}`,
    bio: `Demo profile ${n + 1}.`,
  });
});

let accepted: Response;
try {
  accepted = await fetch(`${url}/v1/profiles/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
} catch (error) {
  fail(`the service does not answer at ${url} (${(error as Error).message}): start it with npm start, or pass --url.`);
}
if (accepted.status !== 202) fail(`the import was refused: ${accepted.status} ${await accepted.text()}`);
let task: { status: string; result?: { created: number; failed: number } } = { status: 'queued' };
for (const until = Date.now() + 60_000; task.status !== 'succeeded' && task.status !== 'dead' && Date.now() < until;) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  task = (await (
    await fetch(`${url}${accepted.headers.get('location')}`, { headers: { authorization: `Bearer ${admin}` } })
  ).json()) as typeof task;
}
if (task.status !== 'succeeded') fail(`the import did not succeed: ${JSON.stringify(task)}`);

const owner = await sign('demo-1', ['user']);
process.stdout.write(`${task.result?.created ?? 0} demo profiles created at ${url} (${task.result?.failed ?? 0} were there already).

an admin (sees and changes every profile):
ADMIN_TOKEN=${admin}

the owner of the first one (demo-1):
TOKEN=${owner}

curl -s ${url}/v1/profiles -H "Authorization: Bearer $TOKEN"
curl -s '${url}/v1/profiles?q=hoper' -H "Authorization: Bearer $TOKEN"
`);
