// npm run seed against the server as `npm start` runs it: demo profiles through its API, and
// tokens that work, printed.
import { newDataDir, runNode, startServiceProcess, type ServiceProcess } from '../../support/service-process.js';

let service: ServiceProcess | undefined;
afterEach(async () => {
  service?.child.kill('SIGKILL');
  await service?.exited;
});

test('when the seed command runs against a started service, then the demo profiles are there and the printed tokens read them', async () => {
  const dataDir = newDataDir();
  service = await startServiceProcess({ DATA_DIR: dataDir }, 30_000);
  const seeded = await runNode('dist/bootstrap/cli/seed.js', ['--url', service.url, '--count', '20'], { DATA_DIR: dataDir });
  expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({ code: 0, stderr: '' });
  expect(seeded.stdout).toContain('20 demo profiles created');
  const token = /^TOKEN=(\S+)$/m.exec(seeded.stdout)?.[1];
  const page = (await (await fetch(`${service.url}/v1/profiles?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    items: unknown[];
  };
  expect(page.items).toHaveLength(20);

  const again = await runNode('dist/bootstrap/cli/seed.js', ['--url', service.url, '--count', '20'], { DATA_DIR: dataDir });
  expect(again.stdout).toContain('0 demo profiles created');
  expect(again.stdout).toContain('(20 were there already)');
}, 60_000);

test('when no service answers at the URL, then it exits 2 saying how to start one', async () => {
  const result = await runNode('dist/bootstrap/cli/seed.js', ['--url', 'http://127.0.0.1:9'], { DATA_DIR: newDataDir() });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('start it with npm start, or pass --url');
});
