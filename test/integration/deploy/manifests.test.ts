// deploy/: every overlay renders with kubectl's Kustomize, every object it renders is valid
// against the Kubernetes schemas (kubernetes-models), and the pods follow the rules a rollout
// with readiness gating depends on (ARCHITECTURE §9). Each rule names the object that broke it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { configVariables, RUNTIME_VARIABLES } from '../../support/config-variables.js';

const run = promisify(execFile);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

async function render(overlay: string): Promise<K8sObject[]> {
  const { stdout } = await run('kubectl', ['kustomize', overlay], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as K8sObject)
    .filter(Boolean);
}

/** kubernetes-models' class for an object's apiVersion and kind, whose validate() checks it against the schema. */
async function modelOf(object: K8sObject): Promise<{ validate(): void }> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  const Model = module[object.kind] ?? module['default'];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return new Model(object);
}

const OVERLAYS = ['deploy/overlays/kind', 'deploy/overlays/production'];
const rendered = new Map<string, K8sObject[]>();
beforeAll(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await render(overlay));
}, 60_000);

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
};
const durationSeconds = (value: string) => {
  const match = /^(\d+)(ms|s|m)$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
};
const mebibytes = (quantity: string) => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};

describe.each(OVERLAYS)('%s', (overlay) => {
  const objects = () => rendered.get(overlay)!;
  const workloads = () => [
    find(objects(), 'Deployment', 'profile-service-api'),
    find(objects(), 'Deployment', 'profile-service-worker'),
    find(objects(), 'Job', 'profile-service-migrate'),
  ];
  /** The settings ConfigMap: generated, its name carrying a hash of its content (a change rolls the pods). */
  const configMap = () => {
    const found = objects().find((o) => o.kind === 'ConfigMap' && /^profile-service-[a-z0-9]{10}$/.test(o.metadata.name));
    if (!found) throw new Error('the generated ConfigMap profile-service-<hash> is not rendered');
    return found.data as Record<string, string>;
  };

  test('every object is valid against the Kubernetes schemas', async () => {
    const invalid: string[] = [];
    // The Prometheus Operator's kinds are not Kubernetes' own: their own test below.
    for (const object of objects().filter((o) => !o.apiVersion.startsWith('monitoring.coreos.com/'))) {
      try {
        (await modelOf(object)).validate();
      } catch (error) {
        invalid.push(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
    expect(objects().length).toBeGreaterThanOrEqual(10);
  });

  test("the pods run as the image's non-root uid, on a read-only root, with no capability and no API token", () => {
    const dockerfileUser = /^USER (\d+):(\d+)$/m.exec(readFileSync('Dockerfile', 'utf8'))!;
    expect(find(objects(), 'ServiceAccount', 'profile-service').automountServiceAccountToken).toBe(false);
    expect(
      objects()
        .filter((o) => /^(Cluster)?Role(Binding)?$/.test(o.kind))
        .map((o) => o.metadata.name),
    ).toEqual([]);
    for (const workload of workloads()) {
      const pod = workload.spec.template.spec;
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect({ where, sa: pod.serviceAccountName, token: pod.automountServiceAccountToken, security: pod.securityContext }).toEqual({
        where,
        sa: 'profile-service',
        token: false,
        security: expect.objectContaining({
          runAsNonRoot: true,
          runAsUser: Number(dockerfileUser[1]),
          seccompProfile: { type: 'RuntimeDefault' },
        }),
      });
      for (const container of pod.containers) {
        expect({ where, security: container.securityContext }).toEqual({
          where,
          security: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        });
        // A read-only root: whatever is written goes to a mounted volume (DATA_DIR, /tmp).
        expect({ where, mounts: container.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort() }).toEqual({
          where,
          mounts: ['/data', '/tmp'],
        });
      }
    }
  });

  test("the API and the worker have the seed's resources, and Node's heap fits the memory limit", () => {
    for (const workload of workloads().filter((w) => w.kind === 'Deployment')) {
      const container = workload.spec.template.spec.containers[0];
      const where = workload.metadata.name;
      expect({ where, resources: container.resources }).toEqual({
        where,
        resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      });
      const options = container.env.find((e: { name: string }) => e.name === 'NODE_OPTIONS')?.value as string | undefined;
      const heap = Number(/--max-old-space-size=(\d+)/.exec(options ?? '')?.[1]);
      const limit = mebibytes(container.resources.limits.memory);
      expect({ where, heapWithinLimit: heap >= limit * 0.5 && heap <= limit * 0.8 }).toEqual({ where, heapWithinLimit: true });
    }
    expect(configMap()['NODE_ENV']).toBe('production');
  });

  test('readiness gates traffic, liveness restarts a hung process, and no probe waits more than 5 s', () => {
    const config = configMap();
    const expectedPort = {
      'profile-service-api': Number(config['SERVER_PORT'] ?? 8080),
      'profile-service-worker': Number(config['WORKER_HTTP_PORT'] ?? 8081),
    };
    for (const workload of workloads().filter((w) => w.kind === 'Deployment')) {
      const container = workload.spec.template.spec.containers[0];
      const where = workload.metadata.name as keyof typeof expectedPort;
      const port = (probe: { httpGet: { port: string | number } }) => {
        const named = container.ports.find((p: { name: string }) => p.name === probe.httpGet.port);
        return named ? named.containerPort : probe.httpGet.port;
      };
      expect({ where, readiness: container.readinessProbe }).toEqual({
        where,
        readiness: expect.objectContaining({
          httpGet: expect.objectContaining({ path: '/health/ready' }),
          initialDelaySeconds: 5,
          periodSeconds: 5,
        }),
      });
      expect({ where, liveness: container.livenessProbe }).toEqual({
        where,
        liveness: expect.objectContaining({
          httpGet: expect.objectContaining({ path: '/health/live' }),
          initialDelaySeconds: 30,
          periodSeconds: 10,
        }),
      });
      expect({ where, startup: container.startupProbe?.httpGet?.path }).toEqual({ where, startup: '/health/live' });
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const probe = container[kind];
        expect({ where, kind, timeoutSeconds: probe.timeoutSeconds <= 5, port: port(probe) }).toEqual({
          where,
          kind,
          timeoutSeconds: true,
          port: expectedPort[where],
        });
      }
    }
  });

  test('a rollout never drops below the ready replicas, and a pod outlives its own shutdown', () => {
    const api = find(objects(), 'Deployment', 'profile-service-api');
    const hpa = find(objects(), 'HorizontalPodAutoscaler', 'profile-service-api');
    // The autoscaler owns the API's replicas: a Deployment that sets them is reset by every apply.
    expect(api.spec.replicas).toBeUndefined();
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(api.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const config = configMap();
    const shutdown = durationSeconds(config['SHUTDOWN_DELAY'] ?? '5s') + durationSeconds(config['SHUTDOWN_GRACE_PERIOD'] ?? '20s');
    for (const workload of workloads().filter((w) => w.kind === 'Deployment')) {
      expect({
        where: workload.metadata.name,
        graceLongerThanShutdown: workload.spec.template.spec.terminationGracePeriodSeconds > shutdown,
      }).toEqual({ where: workload.metadata.name, graceLongerThanShutdown: true });
    }
    const pdb = find(objects(), 'PodDisruptionBudget', 'profile-service-api');
    expect(pdb.spec.selector.matchLabels).toEqual(api.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'profile-service-api' });
    const worker = find(objects(), 'Deployment', 'profile-service-worker');
    expect(find(objects(), 'PodDisruptionBudget', 'profile-service-worker').spec.selector.matchLabels).toEqual(
      worker.spec.selector.matchLabels,
    );
  });

  test('the API and the worker spread over zones and nodes', () => {
    for (const name of ['profile-service-api', 'profile-service-worker']) {
      const deployment = find(objects(), 'Deployment', name);
      const keys = (deployment.spec.template.spec.topologySpreadConstraints ?? [])
        .filter(
          (c: { labelSelector: { matchLabels: Record<string, string> } }) => c.labelSelector.matchLabels['app.kubernetes.io/name'] === name,
        )
        .map((c: { topologyKey: string }) => c.topologyKey)
        .sort();
      expect({ name, keys }).toEqual({ name, keys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] });
    }
  });

  test('clients reach the API port only: the admin port (metrics, the detailed health) is on no client Service', () => {
    const api = find(objects(), 'Deployment', 'profile-service-api');
    const service = find(objects(), 'Service', 'profile-service');
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
    expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(['http']);
    const ports = api.spec.template.spec.containers[0].ports as { name: string; containerPort: number }[];
    expect(ports.find((p) => p.name === 'admin')?.containerPort).toBe(Number(configMap()['ADMIN_PORT']));
  });

  test('the migration Job is a step of its own: the pods wait for it, and deploy tools run it first', () => {
    expect(configMap()['MIGRATE_ON_START']).toBe('false');
    const job = find(objects(), 'Job', 'profile-service-migrate');
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'PreSync', 'helm.sh/hook': 'pre-install,pre-upgrade' });
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  test('the network policies let clients in to the API port only, monitoring to the metrics ports, and let out only DNS and the backing services', () => {
    const monitoringOnly = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
    type Rule = { from?: unknown[]; ports: { port: number }[] };
    for (const [name, open, monitoring] of [
      ['profile-service-api', [8080], [9090]],
      ['profile-service-worker', [], [8081]],
    ] as const) {
      const policy = find(objects(), 'NetworkPolicy', name);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const rules = policy.spec.ingress as Rule[];
      expect({ name, open: rules.filter((r) => r.from === undefined).flatMap((r) => r.ports.map((p) => p.port)) }).toEqual({ name, open });
      expect({ name, monitoring: rules.filter((r) => r.from !== undefined).map((r) => [r.from, r.ports.map((p) => p.port)]) }).toEqual({
        name,
        monitoring: [[monitoringOnly, monitoring]],
      });
      // Plain and TLS ports alike: PostgreSQL 5432; Redis 6379, 6380, Sentinel 26379; RabbitMQ 5672 and amqps 5671.
      expect([...new Set((policy.spec.egress as Rule[]).flatMap((rule) => rule.ports.map((p) => p.port)))].sort((a, b) => a - b)).toEqual([
        53, 5432, 5671, 5672, 6379, 6380, 26379,
      ]);
    }
  });

  test('every variable the pods are given is one the config reader knows', () => {
    const known = new Set([...configVariables(), ...RUNTIME_VARIABLES]);
    const given = new Set(Object.keys(configMap()));
    const secret = objects().find((o) => o.kind === 'Secret' && o.metadata.name === 'profile-service');
    for (const key of Object.keys(secret?.stringData ?? secret?.data ?? {})) given.add(key);
    for (const workload of workloads()) {
      for (const container of workload.spec.template.spec.containers) for (const e of container.env ?? []) given.add(e.name);
    }
    expect([...given].filter((name) => !known.has(name))).toEqual([]);
  });

  test("the migration Job runs the image's migrate command", () => {
    const job = find(objects(), 'Job', 'profile-service-migrate');
    const container = job.spec.template.spec.containers[0];
    expect(container.args).toEqual(['node', 'dist/bootstrap/cli/migrate.js']);
    expect(container.image).toBe(find(objects(), 'Deployment', 'profile-service-api').spec.template.spec.containers[0].image);
  });
});

test('the Kind overlay runs PostgreSQL, Redis and RabbitMQ, and its image is the one make image builds', async () => {
  const objects = rendered.get('deploy/overlays/kind')!;
  expect(
    objects
      .filter((o) => o.kind === 'StatefulSet')
      .map((o) => o.metadata.name)
      .sort(),
  ).toEqual(['postgres', 'rabbitmq', 'redis']);
  const { stdout } = await run('make', ['-s', 'print-image']);
  for (const workload of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
    expect({ where: workload.metadata.name, image: workload.spec.template.spec.containers[0].image }).toEqual({
      where: workload.metadata.name,
      image: stdout.trim(),
    });
  }
});

test("the production overlay pins every workload's image by digest, never by a tag", () => {
  const workloads = rendered.get('deploy/overlays/production')!.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
  expect(workloads.length).toBe(3);
  for (const workload of workloads) {
    expect({ where: workload.metadata.name, image: workload.spec.template.spec.containers[0].image }).toEqual({
      where: workload.metadata.name,
      image: expect.stringMatching(/^registry\.example\.com\/profile-service@sha256:[0-9a-f]{64}$/),
    });
  }
});

test('the production overlay carries no Secret: its credentials are made in the cluster', () => {
  expect(rendered.get('deploy/overlays/production')!.filter((o) => o.kind === 'Secret')).toEqual([]);
});

test('the production overlay has the Prometheus Operator scrape both processes on their metrics ports, and load the rules and the dashboard', () => {
  const objects = rendered.get('deploy/overlays/production')!;
  const monitor = find(objects, 'PodMonitor', 'profile-service');
  const selected = monitor.spec.selector.matchExpressions.find((e: { key: string }) => e.key === 'app.kubernetes.io/name')
    .values as string[];
  for (const name of ['profile-service-api', 'profile-service-worker']) {
    expect(selected).toContain(name);
    const ports = find(objects, 'Deployment', name).spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name) as string[];
    const scraped = monitor.spec.podMetricsEndpoints.map((e: { port: string }) => e.port) as string[];
    expect({ name, scraped: ports.filter((port) => scraped.includes(port)).length }).toEqual({ name, scraped: 1 });
  }
  expect(find(objects, 'PrometheusRule', 'profile-service').spec.groups.length).toBeGreaterThan(0);
  const dashboard = find(objects, 'ConfigMap', 'profile-service-dashboard');
  expect(dashboard.metadata.labels?.['grafana_dashboard']).toBe('1');
  expect(JSON.parse(dashboard.data['profile-service-dashboard.json'] as string).panels.length).toBeGreaterThan(0);
});
