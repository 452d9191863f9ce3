// What the benchmarks point their processes at: the machine's PostgreSQL and Redis (settings.ts),
// and a database of its own for each benchmark.
import pg from 'pg';
import { SERVICES } from './settings.js';

export const PG = SERVICES.postgres;
export const REDIS_ADDRESS = SERVICES.redisAddress;

/** The service's variables for the database `name` on that PostgreSQL. */
export function postgresEnv(name: string): Record<string, string> {
  return {
    DB_DRIVER: 'postgres',
    DB_HOST: PG.host,
    DB_PORT: String(PG.port),
    DB_USER: PG.user,
    DB_NAME: name,
    ...(PG.password ? { DB_PASSWORD: PG.password } : {}),
  };
}

export interface BenchDatabase {
  readonly name: string;
  /** Drops it, whoever is still connected. */
  readonly drop: () => Promise<void>;
}

/** Creates the database `name` for one benchmark run. */
export async function createBenchDatabase(name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ ...PG, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    name,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
