// Traces as an OpenTelemetry collector receives them: an OTLP/HTTP receiver started here, the
// service on the real PostgreSQL and RabbitMQ with OTEL_EXPORTER_OTLP_ENDPOINT pointing at it.
// A request that sends a traceparent is traced under it, with its PostgreSQL calls as child
// spans; the task it causes travels through the outbox and the broker, and the worker's span
// joins the same trace. The request's log line names the trace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aCreateBody } from '../../support/profile-builder.js';
import { eventually } from '../../support/eventually.js';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { deleteTopology, rabbitUri, testPrefix } from '../../support/rabbitmq.js';
import { startTestService, type TestService } from '../../support/test-service.js';

interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP's SpanKind: 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
  readonly service: string;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type OtlpAttribute = { key: string; value: OtlpValue };

/** An OTLP/HTTP trace receiver (JSON encoding), as a collector's otlp receiver on port 4318. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly paths: string[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        this.paths.push(`${req.method} ${req.url} ${req.headers['content-type']} ${String(req.headers['x-tenant'] ?? '')}`);
        const request = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: OtlpAttribute[] };
            scopeSpans: { spans: (Omit<ReceivedSpan, 'attributes' | 'service'> & { attributes: OtlpAttribute[] })[] }[];
          }[];
        };
        for (const resourceSpans of request.resourceSpans) {
          const service = String(valueOf(resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value));
          for (const { spans } of resourceSpans.scopeSpans) {
            for (const span of spans)
              this.spans.push({ ...span, service, attributes: Object.fromEntries(span.attributes.map((a) => [a.key, valueOf(a.value)])) });
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const valueOf = (value: OtlpValue | undefined) =>
  value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : value?.boolValue);

let receiver: OtlpReceiver;
let database: TestDatabase;
let prefix: string;
let svc: TestService | undefined;

beforeEach(async () => {
  receiver = new OtlpReceiver();
  const endpoint = await receiver.start();
  database = await createTestDatabase();
  prefix = testPrefix();
  svc = await startTestService({
    env: {
      ...serviceEnv(database.settings),
      QUEUE_DRIVER: 'rabbitmq',
      QUEUE_URI: await rabbitUri(),
      QUEUE_PREFIX: prefix,
      OUTBOX_POLL_INTERVAL: '50ms',
      PURGE_GRACE_PERIOD: '300ms',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'profiles-under-test',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=team%20a',
    },
  });
});

afterEach(async () => {
  await svc?.stop();
  await receiver.close();
  await deleteTopology(prefix);
  await database.drop();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

test('when a request sends a traceparent, then its span, its PostgreSQL calls and the worker running its task arrive at the collector in that trace, and its log line names it', async () => {
  const owner = await svc!.as('traced-owner');
  const { id } = (await owner.post('/v1/profiles', aCreateBody())).body;
  const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

  const deleted = await owner.request('DELETE', `/v1/profiles/${id}`, { headers: { traceparent } });
  expect(deleted.status).toBe(204);
  // The purge task is relayed through RabbitMQ and run by the worker (it waits out its grace period first).
  const inTrace = () => receiver.spans.filter((s) => s.traceId === TRACE_ID);
  const worker = await eventually(
    () => Promise.resolve(inTrace().find((s) => s.name === 'process profile.purge')),
    15_000,
    'the worker span',
  );

  const request = inTrace().find((s) => s.kind === 2)!;
  expect(request).toMatchObject({
    name: 'DELETE /v1/profiles/:id',
    parentSpanId: CALLER_SPAN,
    service: 'profiles-under-test',
    attributes: expect.objectContaining({
      'http.request.method': 'DELETE',
      'http.route': '/v1/profiles/:id',
      'http.response.status_code': 204,
    }),
  });
  const database = inTrace().filter((s) => s.attributes['db.system.name'] === 'postgresql');
  expect(database.some((s) => s.parentSpanId === request.spanId)).toBe(true);
  // Published by the relay (outside any request) in the request's trace; the worker's span is the publish's child.
  // (A delivery before the task is due goes round the delay queues again: one publish each time.)
  const publishes = inTrace().filter((s) => s.kind === 4 && s.attributes['messaging.system'] === 'rabbitmq');
  expect(publishes.map((s) => s.spanId)).toContain(worker.parentSpanId);
  expect(worker).toMatchObject({
    kind: 5,
    attributes: expect.objectContaining({
      'messaging.message.conversation_id': publishes[0]!.attributes['messaging.message.conversation_id'],
    }),
  });
  // The worker's own database calls are its children.
  expect(inTrace().some((s) => s.parentSpanId === worker.spanId && s.attributes['db.system.name'] === 'postgresql')).toBe(true);

  const logged = svc!.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((l) => l['msg'] === 'request' && l['method'] === 'DELETE');
  expect(logged).toMatchObject({ trace_id: TRACE_ID, span_id: request.spanId });
  expect(receiver.paths[0]).toMatch(/^POST \/v1\/traces application\/json team a$/);
}, 30_000);

test('when a request comes without a traceparent, then it starts a trace of its own; the untraced probes make none', async () => {
  const owner = await svc!.as('untraced-owner');
  const created = await owner.post('/v1/profiles', aCreateBody());
  await svc!.anonymous().get('/health/ready');

  const span = await eventually(
    () => Promise.resolve(receiver.spans.find((s) => s.name === 'POST /v1/profiles')),
    10_000,
    'the request span',
  );
  expect(span.parentSpanId ?? '').toBe('');
  expect(span.attributes['http.response.status_code']).toBe(created.status);
  expect(
    receiver.spans.filter((s) => s.traceId === span.traceId && s.attributes['db.system.name'] === 'postgresql').length,
  ).toBeGreaterThan(0);
  expect(receiver.spans.filter((s) => s.name.includes('/health') || (s.parentSpanId === undefined && s.kind === 3))).toEqual([]);
}, 30_000);
