// The dependency rule is enforced by dependency-cruiser in CI. This shows the check bites:
// it passes on src/ and fails on a fixture where the domain imports an adapter.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cruise = (path: string) =>
  run('npx', ['depcruise', path, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: process.cwd() }).then(
    ({ stdout }) => ({ ok: true, stdout }),
    (error: { stdout: string }) => ({ ok: false, stdout: error.stdout }),
  );

describe('dependency rule (domain <- application <- adapters <- bootstrap)', () => {
  test('when src/ is checked, then it passes', async () => {
    const result = await cruise('src');
    expect(result.stdout).toContain('no dependency violations found');
    expect(result.ok).toBe(true);
  }, 60_000);

  test('when the domain imports an adapter, then the check fails naming the rule', async () => {
    const result = await cruise('test/fixtures/dependency-rule/src');
    expect(result.ok).toBe(false);
    expect(result.stdout).toContain('domain-is-pure');
  }, 60_000);
});
