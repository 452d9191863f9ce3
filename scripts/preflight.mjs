// Before `npm test`: the whole suite needs PostgreSQL, Redis and RabbitMQ, the machine's
// (or where PGHOST/PGPORT, REDIS_ADDRESS and QUEUE_URI point), or a container engine for
// testcontainers to start them. Says what it cannot reach and how to point at it, instead of
// letting the suites fail with "Could not find a working container runtime strategy".
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { URL } from 'node:url';
import process from 'node:process';

const env = process.env;
const redis = (env.REDIS_ADDRESS ?? '127.0.0.1:6379').split(':');
const queue = new URL(env.QUEUE_URI ?? 'amqp://guest:guest@127.0.0.1:5672');
const needed = [
  { name: 'PostgreSQL', host: env.PGHOST ?? '127.0.0.1', port: Number(env.PGPORT ?? 5432), how: 'PGHOST, PGPORT (and PGUSER, PGPASSWORD)' },
  { name: 'Redis', host: redis[0], port: Number(redis[1] ?? 6379), how: 'REDIS_ADDRESS=host:port' },
  { name: 'RabbitMQ', host: queue.hostname, port: Number(queue.port || 5672), how: 'QUEUE_URI=amqp://user:password@host:port' },
];

const reachable = ({ host, port }) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });

const missing = [];
for (const service of needed) if (!(await reachable(service))) missing.push(service);
const engine = Boolean(env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
if (missing.length > 0 && !engine) {
  process.stderr.write(
    [
      'npm test needs PostgreSQL, Redis and RabbitMQ, or a container engine (Docker) for testcontainers to start them. Not reachable:',
      ...missing.map((s) => `  ${s.name} at ${s.host}:${s.port}: start it, or point at one with ${s.how}`),
      'Without them, `npm run test:unit` and `npm run test:component` run: the core and the HTTP API on the in-memory adapters.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
