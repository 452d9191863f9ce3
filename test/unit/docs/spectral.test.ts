// The contract linters: the rules .spectral.yaml turns off are exactly those docs/api.md gives
// a reason for (tools/docs/spectral-opinions.ts), and with them off Spectral finds nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SPECTRAL_OPINIONS } from '../../../tools/docs/spectral-opinions.js';

test('when .spectral.yaml turns a rule off, then docs/api.md says why, and no rule is off without a reason', () => {
  const { rules } = parse(readFileSync('.spectral.yaml', 'utf8')) as { rules: Record<string, string> };
  const off = Object.entries(rules)
    .filter(([, severity]) => severity === 'off')
    .map(([rule]) => rule);
  expect(off.sort()).toEqual(Object.keys(SPECTRAL_OPINIONS).sort());
});

test('when Spectral with the OWASP ruleset lints the served document, then it finds nothing', () => {
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/@stoplight/spectral-cli/dist/index.js',
      'lint',
      'clients/typescript/openapi.json',
      '--ruleset',
      '.spectral.yaml',
      '--fail-severity=hint',
    ],
    { encoding: 'utf8' },
  );
  expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({
    status: 0,
    output: expect.stringContaining('No results'),
  });
}, 60_000);
