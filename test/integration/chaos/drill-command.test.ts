// The drill command as operators run it (npm run chaos), at its short length: its exit status
// is the check, and its last line the summary of its bars.
import { spawn } from 'node:child_process';

function drill(scenario: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tools/chaos/cli.ts', scenario, '--short'], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm run chaos', () => {
  test.each([
    'postgres-blackhole',
    'redis-blackhole',
    'sigterm',
    'postgres-failover',
    'postgres-readonly',
    'replica-hang',
    'redis-failover',
    'redis-cluster',
    'rabbitmq-cut',
    'rabbitmq-node-loss',
    'log-reader-stall',
  ])(
    'when the %s drill runs, then every bar passes and it exits 0',
    async (scenario) => {
      const { code, output } = await drill(scenario);
      const lines = output.trim().split('\n');
      // The whole report (phases, facts, every bar) when a bar failed: what the figures were.
      if (code !== 0) console.log(output);
      // On failure, the report says which bar and why.
      expect({ code, summary: lines.at(-1), failed: lines.filter((l) => l.startsWith('FAIL')) }).toEqual({
        code: 0,
        summary: expect.stringMatching(/^[1-9]\d* passed, 0 failed$/),
        failed: [],
      });
    },
    180_000,
  );

  test('when a scenario is unknown, then it exits 2 with its usage', async () => {
    const { code, output } = await drill('flood-the-datacenter');
    expect(code).toBe(2);
    expect(output).toContain('unknown scenario "flood-the-datacenter"');
    expect(output).toContain('usage: npm run chaos');
  });
});
