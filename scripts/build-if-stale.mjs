// Builds (npm run build) only when the compiled output is missing or older than a source, so
// `npm start`, `npm run token`, `npm run worker` and `npm run migrate` start at once when
// nothing changed. The build's own output goes to stderr: `TOKEN=$(npm run --silent token ...)`
// must capture the token alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const STAMP = 'dist/.tsbuildinfo';
const OUTPUTS = [STAMP, 'dist/adapters/postgres/pglite-template.tar.gz'];
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestModification(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

const built = OUTPUTS.every((path) => existsSync(path)) ? statSync(STAMP).mtimeMs : 0;
if (Math.max(...INPUTS.map(newestModification)) > built) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { stdio: ['inherit', process.stderr, 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // tsc leaves its build info alone when nothing it compiles changed: mark this build done.
  const now = new Date();
  utimesSync(STAMP, now, now);
}
