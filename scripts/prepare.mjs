// npm's prepare step (after `npm install` and `npm ci`): compiles the typed client
// (clients/typescript to its dist/), so that `import ... from '@profile-service/client'` works
// right after an install, as its README shows. Where the client's sources are not there (the
// image's dependency layer copies only the package files), there is nothing to compile.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';

if (existsSync('clients/typescript/src/index.ts')) {
  const built = spawnSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit' });
  process.exit(built.status ?? 1);
}
