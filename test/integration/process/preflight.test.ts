// npm test's preflight (scripts/preflight.mjs): what the suite needs, said before it starts.
import { spawnSync } from 'node:child_process';

const preflight = (env: Record<string, string>) => {
  const { DOCKER_HOST: _engine, ...inherited } = process.env;
  return spawnSync(process.execPath, ['scripts/preflight.mjs'], { env: { ...inherited, ...env }, encoding: 'utf8' });
};

test('when PostgreSQL, Redis and RabbitMQ answer, then the preflight passes quietly', () => {
  const result = preflight({});
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
});

test('when none of them answers and no container engine runs, then it exits 1 naming each, the variables that point at them, and what runs without them', () => {
  const result = preflight({ PGHOST: '127.0.0.1', PGPORT: '1', REDIS_ADDRESS: '127.0.0.1:2', QUEUE_URI: 'amqp://guest:guest@127.0.0.1:3' });
  expect(result.status).toBe(1);
  expect(result.stderr.split('\n')).toEqual([
    expect.stringContaining('or a container engine (Docker) for testcontainers'),
    '  PostgreSQL at 127.0.0.1:1: start it, or point at one with PGHOST, PGPORT (and PGUSER, PGPASSWORD)',
    '  Redis at 127.0.0.1:2: start it, or point at one with REDIS_ADDRESS=host:port',
    '  RabbitMQ at 127.0.0.1:3: start it, or point at one with QUEUE_URI=amqp://user:password@host:port',
    expect.stringContaining('`npm run test:unit` and `npm run test:component` run'),
    '',
  ]);
});
