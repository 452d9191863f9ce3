// docker-compose.yml, read as Docker Compose reads it: every service has a health check,
// starts only once what it needs is healthy, and is given only variables the service knows.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configVariables, RUNTIME_VARIABLES } from '../../support/config-variables.js';

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; timeout?: string };
  volumes?: string[];
}
// merge: true applies the file's YAML merge keys (<<), as Compose does.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

test('it runs the three backing services, the API, a worker, Prometheus and Grafana', () => {
  expect(Object.keys(services).sort()).toEqual(['api', 'grafana', 'postgres', 'prometheus', 'rabbitmq', 'redis', 'worker']);
  expect(services['rabbitmq']!.image).toMatch(/management/);
  expect(services['api']!.command!.join(' ')).toContain('tsx watch src/bootstrap/server.ts');
  expect(services['api']!.volumes).toContain('./:/app');
});

test('every service has a health check, with a timeout', () => {
  for (const [name, service] of Object.entries(services)) {
    expect({ name, test: service.healthcheck?.test[0], timeout: service.healthcheck?.timeout }).toEqual({
      name,
      test: 'CMD',
      timeout: expect.stringMatching(/^\d+s$/),
    });
  }
});

test('every service waits for what it depends on to be healthy, in an order that can start', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      expect({ name, dependency, exists: dependency in services, condition }).toEqual({
        name,
        dependency,
        exists: true,
        condition: 'service_healthy',
      });
    }
  }
  expect(Object.keys(services['api']!.depends_on!).sort()).toEqual(['postgres', 'rabbitmq', 'redis']);
  expect(Object.keys(services['worker']!.depends_on!)).toEqual(expect.arrayContaining(['postgres', 'rabbitmq']));
  // No cycle: a start order exists.
  const started = new Set<string>();
  for (let round = 0; round < Object.keys(services).length; round++) {
    for (const [name, service] of Object.entries(services)) {
      if (Object.keys(service.depends_on ?? {}).every((d) => started.has(d))) started.add(name);
    }
  }
  expect(started.size).toBe(Object.keys(services).length);
});

test('the API and the worker are given only variables the config reader knows, and the passwords the services were given', () => {
  const known = new Set([...configVariables(), ...RUNTIME_VARIABLES]);
  for (const name of ['api', 'worker']) {
    const env = services[name]!.environment!;
    expect({ name, unknown: Object.keys(env).filter((v) => !known.has(v)) }).toEqual({ name, unknown: [] });
    expect(env['DB_PASSWORD']).toBe(services['postgres']!.environment!['POSTGRES_PASSWORD']);
    expect(services['redis']!.command).toEqual(expect.arrayContaining(['--requirepass', env['REDIS_PASSWORD']]));
    expect(env['QUEUE_URI']).toBe(
      `amqp://${services['rabbitmq']!.environment!['RABBITMQ_DEFAULT_USER']}:${services['rabbitmq']!.environment!['RABBITMQ_DEFAULT_PASS']}@rabbitmq:5672/`,
    );
  }
});

test("named volumes are declared, and Prometheus and Grafana get this project's config", () => {
  for (const service of Object.values(services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0]!;
      if (!source.startsWith('.')) expect({ volume, declared: source in compose.volumes }).toEqual({ volume, declared: true });
    }
  }
  expect(services['prometheus']!.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
  expect(services['grafana']!.volumes).toEqual(
    expect.arrayContaining([
      './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
      './deploy/components/monitoring/profile-service-dashboard.json:/var/lib/grafana/dashboards/profile-service.json:ro',
    ]),
  );
});
