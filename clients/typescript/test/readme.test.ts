// The repository README's client example, run as written: extracted from README.md, saved as
// example.mts beside a me.png, and run with tsx against the service (the in-memory drivers),
// its TOKEN and BASE_URL given as the README says.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { aPng } from '../../../test/support/images.js';
import { startTestService, type TestService } from '../../../test/support/test-service.js';

let svc: TestService;
let dir: string;
beforeAll(async () => {
  svc = await startTestService();
  dir = mkdtempSync(join(tmpdir(), 'readme-example-'));
  // As in a project that installed the package: its node_modules beside the example.
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
});
afterAll(async () => {
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

function readmeExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## The TypeScript client'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('no ```ts block in the README\'s "The TypeScript client"');
  return block[1]!;
}

test("when the README's client example is run as written, then it creates, changes, finds and reads a profile, uploads an avatar, and shows the 422", async () => {
  writeFileSync(join(dir, 'example.mts'), readmeExample());
  writeFileSync(join(dir, 'me.png'), await aPng(64, 64));
  const child = spawn(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'example.mts'], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', BASE_URL: svc.url, TOKEN: await svc.token('alice') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));

  // The whole output is shown when it failed.
  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toMatch(/^422 \[/m);
  const page = (await (await svc.as('alice')).get('/v1/profiles?handlePrefix=alice')).body as { items: Record<string, unknown>[] };
  expect(page.items[0]).toMatchObject({
    handle: 'alice',
    bio: expect.stringMatching(/Likes tea\.$/) as unknown,
    avatar: { status: 'ready' },
  });
}, 60_000);
