// The Makefile: `make` alone lists the targets the design names, and every target expands
// (make -n) on a machine without kind, docker or a cluster.
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TARGETS = [
  'cluster-create',
  'deploy-all',
  'status',
  'logs',
  'logs-postgres',
  'logs-redis',
  'logs-rabbitmq',
  'restart',
  'clean-all',
  'start',
  'help',
  'image',
  'image-test',
  'test',
  'lint',
  'bench',
  'chaos',
  'compose-up',
  'compose-down',
];

test('make alone lists every target with a line that says what it does', async () => {
  const { stdout } = await run('make', ['--no-print-directory']);
  const listed = new Map(
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => {
        const [, name, what] = /^\s+(\S+)\s+(.+)$/.exec(line) ?? [];
        return [name, what] as const;
      }),
  );
  for (const target of TARGETS) expect({ target, what: listed.get(target) }).toEqual({ target, what: expect.stringMatching(/\w{3,}/) });
});

test.each(TARGETS)('make -n %s expands', async (target) => {
  const { stdout } = await run('make', ['-n', '--no-print-directory', target]);
  expect(stdout.trim().length).toBeGreaterThan(0);
});

test('a target whose tool is missing says so in one line', async () => {
  // A PATH with make and bash alone: kind (like kubectl and docker) cannot be found.
  const bin = mkdtempSync(join(tmpdir(), 'path-'));
  for (const tool of ['make', 'bash']) symlinkSync(await which(tool), join(bin, tool));
  const failure = await run(join(bin, 'make'), ['--no-print-directory', 'cluster-create'], { env: { ...process.env, PATH: bin } }).then(
    () => ({ stderr: 'exited 0' }),
    (error: { stderr: string }) => error,
  );
  expect(failure.stderr.trim().split('\n')).toEqual([
    'make cluster-create: kind is not installed (https://kind.sigs.k8s.io/docs/user/quick-start/)',
    expect.stringMatching(/^make: \*\*\* \[Makefile:\d+: cluster-create\] Error 1$/),
  ]);
});

async function which(tool: string): Promise<string> {
  return (await run('bash', ['-c', `command -v ${tool}`])).stdout.trim();
}
