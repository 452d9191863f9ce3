// The log's way out, against a real reader: `cat` at the far end of a named pipe, copying to a
// file. SIGSTOP makes it a reader that stopped reading (a stalled log shipper), SIGKILL one that
// is gone (`| head`, a shipper that exited).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogOutput } from '../../../../src/adapters/observability/log-output.js';
import { eventually } from '../../../support/eventually.js';

const BOUND = 64 * 1024;
/** One line the size of a request's log line. */
const line = (n: number) => `${JSON.stringify({ n, msg: 'request', pad: 'x'.repeat(200) })}\n`;

interface Reader {
  readonly cat: ChildProcess;
  readonly fd: number;
  /** Closes the writing end and returns what the reader copied, once it has read to the end. */
  readonly received: () => Promise<string[]>;
}

let reader: Reader | undefined;

function startReader(): Reader {
  const dir = mkdtempSync(join(tmpdir(), 'log-output-'));
  const fifo = join(dir, 'fifo');
  const copy = join(dir, 'copy');
  execFileSync('mkfifo', [fifo]);
  const cat = spawn('sh', ['-c', `exec cat "${fifo}" > "${copy}"`], { stdio: 'ignore' });
  // Opening a pipe's writing end waits for its reader: `cat` opens it at once.
  const fd = openSync(fifo, 'w');
  const exited = new Promise((resolve) => cat.once('exit', resolve));
  const received = async () => {
    closeSync(fd);
    await exited;
    return readFileSync(copy, 'utf8').split('\n').filter(Boolean);
  };
  return { cat, fd, received };
}

afterEach(async () => {
  if (reader === undefined) return;
  const { cat, fd } = reader;
  reader = undefined;
  if (cat.exitCode === null && cat.signalCode === null) {
    const exited = new Promise((resolve) => cat.once('exit', resolve));
    cat.kill('SIGKILL');
    await exited;
  }
  try {
    closeSync(fd);
  } catch {
    // received() closed it already.
  }
});

test('when the reader keeps up, then every line arrives, in order, by the time flush resolves', async () => {
  reader = startReader();
  // Written in one go, faster than any reader: the bound holds them all.
  const output = new LogOutput({ fd: reader.fd, maxBufferedBytes: 4 * 1024 * 1024 });
  for (let n = 0; n < 5000; n += 1) output.write(line(n));

  expect(await output.flush(5000)).toBe('flushed');
  const received = await reader.received();
  expect(received).toHaveLength(5000);
  expect(received.map((text) => (JSON.parse(text) as { n: number }).n)).toEqual([...Array(5000).keys()]);
  expect(output.droppedLines).toBe(0);
});

test('when the reader stops reading, then lines past the bound are dropped and counted, and once it reads again one call tells how many', async () => {
  reader = startReader();
  const output = new LogOutput({ fd: reader.fd, maxBufferedBytes: BOUND });
  const told: number[] = [];
  output.onResumed((dropped) => told.push(dropped));
  reader.cat.kill('SIGSTOP');

  // 2.5 MB for a reader that reads nothing: far more than the pipe and the bound hold. Had a
  // write blocked, this loop would not end.
  for (let n = 0; n < 10_000; n += 1) output.write(line(n));
  const dropped = output.droppedLines;
  expect(dropped).toBeGreaterThan(10_000 - (BOUND + 1024 * 1024) / line(0).length);

  reader.cat.kill('SIGCONT');
  await eventually(() => Promise.resolve(told.length > 0 ? true : undefined), 5000, 'the report of dropped lines');
  expect(told).toEqual([dropped]);
  expect(await output.flush(5000)).toBe('flushed');
  // Every line not dropped arrived, whole.
  expect(await reader.received()).toHaveLength(10_000 - dropped);
});

test('when the reader is gone, then writing neither throws nor ends the process, and the lines are counted as dropped', async () => {
  reader = startReader();
  const output = new LogOutput({ fd: reader.fd, maxBufferedBytes: BOUND });
  const exited = new Promise((resolve) => reader!.cat.once('exit', resolve));
  reader.cat.kill('SIGKILL');
  await exited;

  output.write(line(0));
  // The write that meets the closed pipe fails off the event loop; the lines after it are dropped at once.
  await eventually(async () => output.flush(1000).then((outcome) => (outcome === 'reader gone' ? true : undefined)), 5000);
  for (let n = 1; n <= 100; n += 1) output.write(line(n));
  expect(output.droppedLines).toBeGreaterThanOrEqual(100);
  expect(await output.flush(1000)).toBe('reader gone');
});

test('when the reader stops reading at exit, then flush gives up at its deadline instead of holding the exit', async () => {
  reader = startReader();
  const output = new LogOutput({ fd: reader.fd, maxBufferedBytes: BOUND });
  reader.cat.kill('SIGSTOP');
  for (let n = 0; n < 2000; n += 1) output.write(line(n));

  expect(await output.flush(300)).toBe('timed out');
  reader.cat.kill('SIGCONT');
});
