// PostgreSQL for integration tests: settings from the environment (PGHOST, PGPORT, PGUSER,
// PGPASSWORD), else the local server on 127.0.0.1:5432, else a testcontainers container
// when a Docker engine answers. Each test file gets a database of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PgSettings } from '../../src/adapters/postgres/pg-driver.js';

interface Server {
  host: string;
  port: number;
  user: string;
  password?: string;
}

let server: Promise<Server> | undefined;

async function reachable(s: Server): Promise<boolean> {
  const client = new pg.Client({ ...s, database: 'postgres', connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findServer(): Promise<Server> {
  const configured: Server = {
    host: process.env['PGHOST'] ?? '127.0.0.1',
    port: Number(process.env['PGPORT'] ?? 5432),
    user: process.env['PGUSER'] ?? 'postgres',
    ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
  };
  if (await reachable(configured)) return configured;
  // No server here: start one in Docker, where there is a Docker engine.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return { host: container.getHost(), port: container.getPort(), user: container.getUsername(), password: container.getPassword() };
}

export interface TestDatabase {
  readonly settings: PgSettings;
  drop(): Promise<void>;
}

/** The service's DB_* variables for this database, optionally reached through another address (a fault proxy). */
export function serviceEnv(settings: PgSettings, via?: { host: string; port: number }): Record<string, string> {
  return {
    DB_DRIVER: 'postgres',
    DB_HOST: via?.host ?? settings.host,
    DB_PORT: String(via?.port ?? settings.port),
    DB_USER: settings.user,
    DB_NAME: settings.database,
    ...(settings.password ? { DB_PASSWORD: settings.password } : {}),
  };
}

async function admin<T>(s: Server, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...s, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(overrides: Partial<PgSettings> = {}): Promise<TestDatabase> {
  const s = await (server ??= findServer());
  const name = `profiles_test_${randomBytes(6).toString('hex')}`;
  await admin(s, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    settings: {
      host: s.host,
      port: s.port,
      user: s.user,
      ...(s.password ? { password: s.password } : {}),
      database: name,
      readHosts: [],
      poolMax: 10,
      connectTimeoutMs: 2000,
      statementTimeoutMs: 5000,
      idleTimeoutMs: 10_000,
      ...overrides,
    },
    drop: () => dropTestDatabase(s, name),
  };
}

async function dropTestDatabase(s: Server, name: string): Promise<void> {
  // A guard against ever pointing this at a real database.
  if (!/^profiles_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await admin(s, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
