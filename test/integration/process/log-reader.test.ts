// The request log's reader, as an operator meets it (`node dist/bootstrap/server.js | reader`):
// here the test holds the reading end of the service's stdout. Pausing it is a log shipper that
// stalled; destroying it is one that exited (or `| head`).
import { bytesLoggedBetween } from '../../../tools/chaos/log-scenarios.js';
import { sampleSum } from '../../../tools/metrics/exposition.js';
import { eventually } from '../../support/eventually.js';
import { runNode, startServiceProcess, type ServiceProcess } from '../../support/service-process.js';

const EMBEDDED_NOTHING = { DB_DRIVER: 'memory', CACHE_DRIVER: 'memory', QUEUE_DRIVER: 'memory' };

/** `total` GETs of `path`, `concurrency` at a time; resolves with how many were answered 200. */
async function hammer(service: ServiceProcess, path: string, total: number, concurrency = 16): Promise<number> {
  let sent = 0;
  let answered = 0;
  const lane = async () => {
    while (sent < total) {
      sent += 1;
      const response = await fetch(`${service.url}${path}`);
      await response.arrayBuffer();
      if (response.status === 200) answered += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return answered;
}

async function metric(service: ServiceProcess, name: string): Promise<number> {
  const value = sampleSum(await (await fetch(`${service.url}/metrics`)).text(), name);
  if (value === undefined) throw new Error(`${name} is not among the metrics`);
  return value;
}

const requestLines = (service: ServiceProcess) => service.logs().filter((line) => line['msg'] === 'request');

async function stop(service: ServiceProcess): Promise<number | null> {
  service.child.kill('SIGTERM');
  return service.exited;
}

test("when stdout's reader stops reading under load, then every request is answered, the lines past LOG_BUFFER_BYTES are dropped and counted, and once it reads again one line says how many", async () => {
  const bound = 256 * 1024;
  const service = await startServiceProcess({ ...EMBEDDED_NOTHING, LOG_BUFFER_BYTES: String(bound) });
  try {
    service.child.stdout!.pause();
    const stalledAt = Date.now();
    const total = 10_000;
    expect(await hammer(service, '/health/live', total)).toBe(total);

    // A line is about 300 bytes: the bound and the pipe between them hold a few thousand at most.
    const dropped = await metric(service, 'log_lines_dropped_total');
    expect(dropped).toBeGreaterThan(total / 2);

    const readingAgainAt = Date.now();
    service.child.stdout!.resume();
    const told = await eventually(
      () => Promise.resolve(service.logs().find((line) => typeof line['droppedLines'] === 'number')),
      10_000,
      'the line telling how many were dropped',
    );
    expect(told['msg']).toContain('log lines were dropped');
    // The scrape's own line came after the count it answered, and may have been dropped too.
    const toldDropped = told['droppedLines'] as number;
    expect(toldDropped - dropped).toBeGreaterThanOrEqual(0);
    expect(toldDropped - dropped).toBeLessThanOrEqual(1);
    expect(await stop(service)).toBe(0);
    // Every line that was not dropped arrived: the reads and the scrape.
    expect(requestLines(service)).toHaveLength(total + 1 - toldDropped);
    // What the process held for its reader: the stall's lines, within the bound and what the pipe holds (about 200 KiB).
    const held = bytesLoggedBetween(service.logs(), stalledAt, readingAgainAt);
    expect(held).toBeLessThan(bound + 512 * 1024);
  } finally {
    service.child.kill('SIGKILL');
  }
}, 60_000);

test("when stdout's reader is gone, then the service goes on answering every request, and counts the lines it could not write", async () => {
  const service = await startServiceProcess(EMBEDDED_NOTHING);
  try {
    service.child.stdout!.destroy();
    // One at a time, as the operator's `| head` case: before, the first write killed the process.
    expect(await hammer(service, '/health/live', 600, 1)).toBe(600);
    expect(await metric(service, 'log_lines_dropped_total')).toBeGreaterThanOrEqual(599);
    expect(service.child.exitCode).toBeNull();
    expect(await stop(service)).toBe(0);
  } finally {
    service.child.kill('SIGKILL');
  }
}, 60_000);

test("when SIGTERM comes while stdout's reader is behind, then every line, the last one included, is written before the process exits", async () => {
  const service = await startServiceProcess(EMBEDDED_NOTHING);
  try {
    service.child.stdout!.pause();
    const total = 3000;
    expect(await hammer(service, '/health/live', total)).toBe(total);
    // 'close': the process exited and its stdout was read to the end.
    const closed = new Promise((resolve) => service.child.once('close', resolve));
    const exited = stop(service);
    // The reader catches up only after the signal: the lines held wait for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    service.child.stdout!.resume();

    expect(await exited).toBe(0);
    await closed;
    expect(requestLines(service)).toHaveLength(total);
    expect(service.logs().at(-1)).toMatchObject({ step: 'stopped' });
  } finally {
    service.child.kill('SIGKILL');
  }
}, 60_000);

test('when start-up fails, then the reason is the last line written before the process exits', async () => {
  const result = await runNode('dist/bootstrap/server.js', [], {
    DB_DRIVER: 'postgres',
    DB_HOST: '127.0.0.1',
    DB_NAME: 'no_such_database_for_the_log_test',
    DB_PASSWORD: 'unused',
  });
  expect(result.code).toBe(2);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.at(-1)).toMatchObject({ step: 'start', msg: 'start-up failed', level: 60 });
  expect(JSON.stringify(lines.at(-1))).toContain('DB_NAME');
}, 30_000);
