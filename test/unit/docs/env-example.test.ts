// .env.example: every setting the service reads, regenerated with the README's table; and the
// .env that npm start, npm run worker and npm run token read, under the environment's own values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENV_EXAMPLE_PATH, renderEnvExample } from '../../../tools/docs/env-example.js';
import { configVariables } from '../../support/config-variables.js';

test("when the README's configuration table changes, then .env.example is regenerated with it, and it names every variable the service reads", () => {
  const committed = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
  expect(committed === renderEnvExample() ? 'current' : 'stale: run npm run docs:env').toBe('current');
  const named = new Set([...committed.matchAll(/^# ([A-Z0-9_]+)=/gm)].map((m) => m[1]));
  expect([...configVariables()].filter((name) => !named.has(name))).toEqual([]);
});

test('when a .env is there, then its values fill in what the environment does not set, and the environment wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  writeFileSync(join(dir, '.env'), 'SERVER_PORT=9999\nLOG_LEVEL=debug\n');
  const result = spawnSync(
    process.execPath,
    ['--import', resolve('scripts/env-file.mjs'), '-e', 'console.log(process.env.SERVER_PORT, process.env.LOG_LEVEL)'],
    {
      cwd: dir,
      env: { PATH: process.env['PATH'], LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  );
  expect(result.stdout.trim()).toBe('9999 warn');
});
