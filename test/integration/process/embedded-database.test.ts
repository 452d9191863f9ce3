// The embedded default as a new user meets it: the compiled server (and worker, and migrate
// command) on PGlite, in processes of their own, with DATA_DIR fresh, broken, shared or left
// behind by a killed process.
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfileAs, runNode, startServiceProcess, type ServiceProcess } from '../../support/service-process.js';

const SECRET = { AUTH_JWT_SECRET: 'an-embedded-test-secret-of-32-bytes-or-more' };
const scratch = () => mkdtempSync(join(tmpdir(), 'profiles-embedded-'));

const running: ServiceProcess[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
});

/** Starts the server; without AUTH_JWT_SECRET in `env`, it signs with the secret it keeps in DATA_DIR (as the token CLI does). */
async function start(env: Record<string, string>, secret: Record<string, string> = SECRET): Promise<ServiceProcess> {
  const service = await startServiceProcess({ ...secret, ...env }, 30_000);
  running.push(service);
  return service;
}

describe('a DATA_DIR that does not exist yet', () => {
  test('when DATA_DIR is a new nested folder, then it is created for the owner only and the service becomes ready', async () => {
    const dataDir = join(scratch(), 'volume', 'data');

    const service = await start({ DATA_DIR: dataDir });

    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  }, 40_000);
});

describe('a DATA_DIR that cannot be used', () => {
  test('when a file is in the way, then start-up exits 2 at once with a message naming DATA_DIR and why', async () => {
    const dataDir = join(scratch(), 'data');
    writeFileSync(dataDir, 'not a folder');

    const result = await runNode('dist/bootstrap/server.js', [], { ...SECRET, DATA_DIR: dataDir });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`DATA_DIR: ${dataDir}`);
    expect(result.stderr).toContain('a file is in the way');
  }, 20_000);

  test('when the process may not write there, then start-up exits 2 with a message naming DATA_DIR and why', async () => {
    const locked = scratch();
    const dataDir = join(locked, 'data');
    // As root, permissions do not apply: run the service as nobody instead.
    const asRoot = process.getuid?.() === 0;
    chmodSync(locked, asRoot ? 0o700 : 0o500);

    const result = await runNode(
      'dist/bootstrap/server.js',
      [],
      { ...SECRET, DATA_DIR: dataDir },
      asRoot ? { uid: 65534, gid: 65534 } : {},
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`DATA_DIR: ${dataDir}`);
    expect(result.stderr).toContain('permission denied');
  }, 20_000);
});

describe('one embedded database, one process', () => {
  const refusal = (stderr: string, dataDir: string) => {
    expect(stderr).toContain(join(dataDir, 'pglite'));
    expect(stderr).toContain('serves one process');
    expect(stderr).toContain('DB_DRIVER=postgres');
  };

  test('when a second server, a worker or the migrate command opens a DATA_DIR a server holds, then each exits 2 at once, saying why', async () => {
    const dataDir = scratch();
    const first = await start({ DATA_DIR: dataDir });

    for (const script of ['dist/bootstrap/server.js', 'dist/bootstrap/worker.js', 'dist/bootstrap/cli/migrate.js']) {
      const started = Date.now();
      const result = await runNode(script, [], { ...SECRET, DATA_DIR: dataDir });
      // Process start-up alone takes a fraction of a second; a wait for the lock would take far longer.
      expect({ script, code: result.code, fast: Date.now() - started < 5000 }).toEqual({ script, code: 2, fast: true });
      refusal(result.stderr, dataDir);
    }
    // The holder was never disturbed.
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
  }, 60_000);

  test('when the holder is stopping (a signal, its SHUTDOWN_DELAY running), then a new start exits 2 saying to start again once it has exited, not to change drivers', async () => {
    const dataDir = scratch();
    const first = await start({ DATA_DIR: dataDir, SHUTDOWN_DELAY: '10s' });
    first.child.kill('SIGTERM');
    for (const until = Date.now() + 5000; Date.now() < until && !first.logs().some((l) => l['step'] === 'stop');)
      await new Promise((r) => setTimeout(r, 50));

    const result = await runNode('dist/bootstrap/server.js', [], { ...SECRET, DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`pid ${first.child.pid}`);
    expect(result.stderr).toContain('is stopping');
    expect(result.stderr).toContain('Start again once it has exited');
    expect(result.stderr).not.toContain('DB_DRIVER=postgres');
  }, 60_000);

  test('when the holder was killed with SIGKILL, then the next start takes the lock over and finds every acknowledged create', async () => {
    const dataDir = scratch();
    const first = await start({ DATA_DIR: dataDir });
    const minted = await runNode('dist/bootstrap/cli/token.js', ['--sub', 'writer', '--role', 'admin'], { ...SECRET, DATA_DIR: dataDir });
    const headers = { authorization: `Bearer ${minted.stdout.trim()}`, 'content-type': 'application/json' };
    const acknowledged: string[] = [];
    let n = 0;
    // A stream of creates, four at a time, with the kill landing in the middle of it.
    const writers = Array.from({ length: 4 }, async () => {
      for (;;) {
        const i = n++;
        const response = await fetch(`${first.url}/v1/profiles`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            ownerId: `owner-${i}`,
            handle: `writer_${i}`,
            email: `writer${i}@example.com`,
            displayName: `Writer ${i}`,
          }),
        }).catch(() => null);
        if (response === null) return;
        if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(10);

    const second = await start({ DATA_DIR: dataDir });

    const missing: string[] = [];
    for (const id of acknowledged) {
      if ((await fetch(`${second.url}/v1/profiles/${id}`, { headers })).status !== 200) missing.push(id);
    }
    expect(missing).toEqual([]);
  }, 60_000);
});

describe('tasks accepted before a crash', () => {
  test('when a profile is deleted and the process is killed before its purge runs, then after a restart the purge runs and frees the handle', async () => {
    const dataDir = scratch();
    const env = { DATA_DIR: dataDir, PURGE_GRACE_PERIOD: '2s' };
    const first = await start(env, {});
    const { response: created, headers } = await createProfileAs(first, dataDir, 'leaver', {
      handle: 'leaver',
      email: 'leaver@example.com',
      displayName: 'Leaver',
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${first.url}${created.headers.get('location')}`, { method: 'DELETE', headers })).status).toBe(204);
    // The kill comes once the relay has handed the purge to the queue (the outbox is empty).
    for (let backlog = ''; backlog !== '0';) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      backlog = /^outbox_backlog(?:{[^}]*})? (\d+)$/m.exec(await (await fetch(`${first.url}/metrics`)).text())?.[1] ?? '';
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start(env, {});

    // The purge removes the row; until then the handle and the owner stay taken (409).
    const body = JSON.stringify({ handle: 'leaver', email: 'leaver@example.com', displayName: 'Leaver again' });
    let status = 0;
    for (const deadline = Date.now() + 15_000; status !== 201 && Date.now() < deadline;) {
      status = (await fetch(`${second.url}/v1/profiles`, { method: 'POST', headers, body })).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(201);
  }, 60_000);
});

describe('start-up keeps the process responsive', () => {
  const liveMs = (port: number) =>
    new Promise<number | null>((resolve) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path: '/health/live', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      });
      req.on('error', () => resolve(null));
      req.end();
    });

  test('when the embedded database opens on a fresh DATA_DIR, then /health/live answers promptly at every moment until ready', async () => {
    const dataDir = join(scratch(), 'data');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const polls: Promise<number | null>[] = [];
    // Poll from the moment the process exists, every 50 ms, each poll on its own connection.
    const service = startServiceProcess({ ...SECRET, DATA_DIR: dataDir, SERVER_PORT: String(port) }, 30_000);
    const poller = setInterval(() => polls.push(liveMs(port)), 50);
    try {
      running.push(await service);
    } finally {
      clearInterval(poller);
    }

    const answered = (await Promise.all(polls)).filter((ms): ms is number => ms !== null);
    expect(answered.length).toBeGreaterThan(5);
    // Before the database moved to a thread of its own, answers waited up to 5 s here. The goal
    // is 100 ms (npm run bench:startup reports it); the bound here leaves room for a busy CI machine.
    expect(Math.max(...answered)).toBeLessThan(300);
  }, 40_000);
});

describe('a database server that refuses for good', () => {
  test('when DB_NAME names no database, then start-up exits 2 naming DB_NAME instead of retrying', async () => {
    const result = await runNode('dist/bootstrap/server.js', [], {
      ...SECRET,
      DATA_DIR: scratch(),
      DB_DRIVER: 'postgres',
      DB_HOST: process.env['PGHOST'] ?? '127.0.0.1',
      DB_PORT: process.env['PGPORT'] ?? '5432',
      DB_USER: process.env['PGUSER'] ?? 'postgres',
      DB_NAME: 'profiles_test_no_such_database',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DB_NAME');
  }, 20_000);
});
