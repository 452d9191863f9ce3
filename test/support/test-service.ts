// Starts the whole service in this process on a free port, as `npm start` wires it, and
// talks to it over real HTTP. Logs are captured for assertions instead of printed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createProfileClient, type ProfileClient } from '../../clients/typescript/src/index.js';
import { mintToken } from '../../src/adapters/http/auth/jwt.js';
import { createLogger } from '../../src/adapters/observability/logger.js';
import type { Role } from '../../src/application/principal.js';
import { loadConfig, type Config } from '../../src/adapters/settings/config.js';
import { startService, type RunningService } from '../../src/bootstrap/service.js';
import type { Clock } from '../../src/domain/ports/clock.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from './postgres.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DB_DRIVER: 'memory',
    SERVER_PORT: '0',
    SERVER_HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'profiles-test-')),
    AUTH_JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_READS: '100000',
    RATE_LIMIT_WRITES: '100000',
    RATE_LIMIT_UPLOADS: '100000',
    LOG_LEVEL: 'info',
    // Tests that are about shutdown set their own delay; the others need not wait for one.
    SHUTDOWN_DELAY: '0s',
    ...env,
  });
}

export interface TestService {
  readonly service: RunningService;
  readonly config: Config;
  readonly logLines: string[];
  readonly url: string;
  token(subject: string, roles?: Role[], ttlSeconds?: number): Promise<string>;
  /**
   * The shipped client (clients/typescript) acting as this subject: what the API's users
   * write. No retries, so a test sees every answer. Tests about the wire itself (headers, a
   * malformed request) use `as`.
   */
  client(subject: string, roles?: Role[]): Promise<ProfileClient>;
  /** A low-level client acting as this subject: any request, any body, every header of the answer. */
  as(subject: string, roles?: Role[]): Promise<Client>;
  anonymous(): Client;
  stop(): Promise<void>;
}

/**
 * The database of the in-process service: in memory by default; with TEST_DB_DRIVER=postgres
 * (the component-on-postgres jest project) a fresh PostgreSQL database per service.
 */
async function databaseEnv(): Promise<{ env: Record<string, string>; database?: TestDatabase }> {
  if (process.env['TEST_DB_DRIVER'] !== 'postgres') return { env: {} };
  const database = await createTestDatabase();
  return { database, env: serviceEnv(database.settings) };
}

export async function startTestService(
  options: { env?: Record<string, string>; clock?: Clock; waitUntilReady?: boolean } = {},
): Promise<TestService> {
  const db = await databaseEnv();
  const config = testConfig({ ...db.env, ...options.env });
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger({ name: 'profile-service-test', level: config.logLevel, stream });
  const service = await startService(config, { log, ...(options.clock ? { clock: options.clock } : {}) });
  if (options.waitUntilReady !== false) await service.ready();
  const token = (subject: string, roles: Role[] = ['user'], ttlSeconds = 600) =>
    // Issued at the service's time: a test that moves its clock gets tokens valid then.
    mintToken(
      { secret: new TextEncoder().encode(TEST_SECRET) },
      { subject, roles, ttlSeconds, ...(options.clock ? { issuedAt: options.clock.now() } : {}) },
    );
  return {
    service,
    config,
    logLines,
    url: service.url,
    token,
    client: async (subject, roles) => createProfileClient({ baseUrl: service.url, token: await token(subject, roles), retry: false }),
    as: async (subject, roles) => new Client(service.url, await token(subject, roles)),
    anonymous: () => new Client(service.url),
    stop: async () => {
      await service.stop();
      await db.database?.drop();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
  readonly bytes: Buffer;
}

/** The low-level HTTP client of the tests: JSON in, JSON (or text) out, with the bearer token of one principal. */
export class Client {
  constructor(
    readonly baseUrl: string,
    private readonly bearer?: string,
  ) {}

  async request(
    method: string,
    path: string,
    options: { json?: unknown; body?: string | Uint8Array | FormData; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}) };
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers: { ...headers, ...options.headers }, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed: unknown = undefined;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text, bytes };
  }

  /** Sends raw bytes (an upload) with the given media type. */
  put(path: string, bytes: Uint8Array, contentType: string, headers: Record<string, string> = {}) {
    return this.request('PUT', path, { body: bytes, headers: { 'content-type': contentType, ...headers } });
  }

  /**
   * Sends until the answer is not a 503 with Retry-After, waiting as told, as a well-behaved
   * client does (a write that passed its deadline on a busy machine was rolled back: sending it
   * again is safe). Gives the last answer once `ms` have passed.
   */
  async followingRetryAfter(send: () => Promise<Reply>, ms = 15_000): Promise<Reply> {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await send();
      if (res.status !== 503 || !res.headers.has('retry-after') || Date.now() >= deadline) return res;
      await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after')) * 1000));
    }
  }

  /** Waits until the task at `location` is finished (succeeded or dead), and returns it, following 503s as any poller does. */
  async settledTask(location: string, ms = 15_000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await this.followingRetryAfter(() => this.get(location), Math.max(0, deadline - Date.now()));
      if (res.status !== 200) throw new Error(`GET ${location} answered ${res.status}`);
      if (res.body.status === 'succeeded' || res.body.status === 'dead') return res.body;
      if (Date.now() > deadline) throw new Error(`task ${location} still ${res.body.status} after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { ...(headers ? { headers } : {}) });
  }

  post(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, { ...(json !== undefined ? { json } : {}), ...(headers ? { headers } : {}) });
  }

  patch(path: string, json: unknown, headers: Record<string, string> = {}) {
    return this.request('PATCH', path, {
      body: JSON.stringify(json),
      headers: { 'content-type': 'application/merge-patch+json', ...headers },
    });
  }

  delete(path: string, headers?: Record<string, string>) {
    return this.request('DELETE', path, { ...(headers ? { headers } : {}) });
  }
}
