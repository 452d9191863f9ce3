// The service as shipped: compiled JavaScript started like `npm start`, in its own process.
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { eventually } from '../../support/eventually.js';
import { createProfileAs, newDataDir, runNode, startServiceProcess } from '../../support/service-process.js';

describe('the quick start', () => {
  test('when started with no configuration, then a token minted by the CLI creates and reads a profile', async () => {
    const dataDir = newDataDir();
    const service = await startServiceProcess({ DATA_DIR: dataDir });
    try {
      expect(service.logs().some((l) => l['step'] === 'auth' && String(l['msg']).includes('npm run --silent token'))).toBe(true);
      const { response: created, headers } = await createProfileAs(service, dataDir, 'alice', {
        handle: 'alice',
        email: 'alice@example.com',
        displayName: 'Alice',
      });
      expect(created.status).toBe(201);
      const read = await fetch(`${service.url}${created.headers.get('location')}`, { headers });
      expect(((await read.json()) as { handle: string }).handle).toBe('alice');
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 30_000);

  test('when the token command is misused, then it exits non-zero with its usage', async () => {
    const result = await runNode('dist/bootstrap/cli/token.js', ['--role', 'superuser'], { DATA_DIR: newDataDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sub is required');
    expect(result.stderr).toContain('usage:');
  });

  test('when the token command is asked for --help, then it prints its usage and exits 0', async () => {
    const result = await runNode('dist/bootstrap/cli/token.js', ['--help'], { DATA_DIR: newDataDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run --silent token -- --sub NAME/);
    expect(result.stdout).toContain('--ttl');
  });

  test('when the token command gets a bad --ttl, then one line says what is wrong, then the usage line', async () => {
    const result = await runNode('dist/bootstrap/cli/token.js', ['--sub', 'alice', '--ttl', 'forever'], { DATA_DIR: newDataDir() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      '--ttl: must be a duration like 500ms, 30s, 15m, 12h or 30d of at least 1000 ms (got "forever")',
      expect.stringMatching(/^usage: /),
    ]);
  });
});

describe('the embedded database', () => {
  test('when the service is stopped and started again on the same DATA_DIR, then its profiles are still there', async () => {
    const dataDir = newDataDir();
    const first = await startServiceProcess({ DATA_DIR: dataDir });
    const { response: created, headers } = await createProfileAs(first, dataDir, 'keeper', {
      handle: 'keeper',
      email: 'keeper@example.com',
      displayName: 'Keeper',
    });
    expect(created.status).toBe(201);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startServiceProcess({ DATA_DIR: dataDir });
    try {
      const read = await fetch(`${second.url}${created.headers.get('location')}`, { headers });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { handle: string }).handle).toBe('keeper');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);
});

describe('bad configuration', () => {
  test('when SERVER_PORT and AUTH_JWT_SECRET are bad, then start-up exits non-zero naming both', async () => {
    const result = await runNode('dist/bootstrap/server.js', [], { SERVER_PORT: 'abc', AUTH_JWT_SECRET: 'short', DATA_DIR: newDataDir() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('SERVER_PORT');
    expect(result.stderr).toContain('AUTH_JWT_SECRET');
  });
});

describe('graceful shutdown', () => {
  test('when Ctrl-C is pressed (SIGINT, delivered twice as a watcher forwards it), then the process stops gracefully without the SHUTDOWN_DELAY; SIGTERM keeps it', async () => {
    const stopLine = async (send: (child: ChildProcess) => void) => {
      const service = await startServiceProcess({ DATA_DIR: newDataDir(), SHUTDOWN_DELAY: '30s' });
      send(service.child);
      return service;
    };
    const interrupted = await stopLine((child) => {
      child.kill('SIGINT');
      child.kill('SIGINT');
    });
    expect(await interrupted.exited).toBe(0);
    const steps = interrupted.logs().filter((l) => l['step'] === 'stop');
    expect(steps[0]).toMatchObject({ delayMs: 0 });
    expect(interrupted.logs().some((l) => l['msg'] === 'second signal: exiting at once')).toBe(false);

    const terminated = await stopLine((child) => child.kill('SIGTERM'));
    await eventually(
      () => Promise.resolve(terminated.logs().some((l) => l['step'] === 'stop') ? true : undefined),
      10_000,
      'the stop logged',
    );
    expect(terminated.logs().find((l) => l['step'] === 'stop')).toMatchObject({ delayMs: 30_000 });
    terminated.child.kill('SIGKILL');
    await terminated.exited;
  }, 60_000);

  test('when SIGTERM arrives during a request, then the request completes and the process exits 0', async () => {
    const dataDir = newDataDir();
    const service = await startServiceProcess({ DATA_DIR: dataDir });
    const token = (await runNode('dist/bootstrap/cli/token.js', ['--sub', 'slowpoke'], { DATA_DIR: dataDir })).stdout.trim();
    const body = JSON.stringify({ handle: 'slowpoke', email: 'slow@example.com', displayName: 'Slow' });

    // A request whose body arrives in two halves, with SIGTERM in between.
    const socket = connect(service.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /v1/profiles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await closed;

    expect(response).toMatch(/^HTTP\/1\.1 201 Created/);
    // Answered while draining: the connection is not kept alive.
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    expect(await service.exited).toBe(0);
    expect(service.logs().map((l) => l['step'])).toEqual(expect.arrayContaining(['stop', 'stopped']));
  }, 30_000);

  test('when SIGTERM arrives under 20 keep-alive connections, then ready turns 503 at once and every request of the delay is served', async () => {
    const dataDir = newDataDir();
    const service = await startServiceProcess({
      DATA_DIR: dataDir,
      DB_DRIVER: 'memory',
      SHUTDOWN_DELAY: '2s',
      RATE_LIMIT_READS: '1000000',
    });
    const token = (await runNode('dist/bootstrap/cli/token.js', ['--sub', 'steady'], { DATA_DIR: dataDir })).stdout.trim();
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; at: number } | { error: string; at: number }>((resolve) => {
        const req = request({ host: '127.0.0.1', port: service.port, path, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, at: Date.now() }));
        });
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, at: Date.now() }));
        req.end();
      });
    const outcomes: ({ status: number; at: number } | { error: string; at: number })[] = [];
    let sending = true;
    const loops = Array.from({ length: 20 }, async () => {
      while (sending) outcomes.push(await get('/v1/profiles?limit=1', { authorization: `Bearer ${token}` }));
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const signalled = Date.now();
    service.child.kill('SIGTERM');
    let readyStatus = 0;
    while (readyStatus !== 503 && Date.now() - signalled < 1000) readyStatus = ((await get('/health/ready')) as { status: number }).status;
    const notReadyAfter = Date.now() - signalled;
    // Kubernetes stops routing within the delay; until then, everything is served.
    await new Promise((resolve) => setTimeout(resolve, 1500 - notReadyAfter));
    sending = false;
    await Promise.all(loops);
    agent.destroy();

    expect(readyStatus).toBe(503);
    expect(notReadyAfter).toBeLessThan(500);
    const afterSignal = outcomes.filter((o) => o.at >= signalled);
    expect(afterSignal.length).toBeGreaterThan(100);
    expect(afterSignal.filter((o) => !('status' in o) || o.status !== 200)).toEqual([]);
    expect(await service.exited).toBe(0);
  }, 30_000);
});
