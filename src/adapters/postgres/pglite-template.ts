// A fresh, migrated PGlite cluster as a tarball, made once at build time. initdb in
// WebAssembly takes about 4 s here and the first migrations another 0.4 s; unpacking the
// result takes about 1.3 s, so an empty DATA_DIR is seeded from it (pglite-thread.ts). The
// service still runs its migrations at start-up: on a seeded cluster they find nothing to do.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, migrate } from './migrations.js';
import { PgliteDriver, TEMPLATE_PATH } from './pglite-driver.js';

const STAMP_PATH = fileURLToPath(new URL('./pglite-template.json', import.meta.url));

interface Stamp {
  readonly pglite: string;
  readonly schema: number;
}

function currentStamp(): Stamp {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = new URL('../package.json', `file://${entry}`);
  const pglite = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  return { pglite, schema: Math.max(...MIGRATIONS.map((m) => m.version)) };
}

/** Makes the template unless one of this PGlite version and schema exists; says whether it made one. */
export async function ensureTemplate(): Promise<boolean> {
  const stamp = currentStamp();
  if (existsSync(TEMPLATE_PATH) && existsSync(STAMP_PATH) && readFileSync(STAMP_PATH, 'utf8') === JSON.stringify(stamp)) return false;
  // In memory: a driver without a directory is never seeded.
  const driver = await PgliteDriver.open();
  try {
    await migrate(driver);
    writeFileSync(`${TEMPLATE_PATH}.tmp`, await driver.dump());
  } finally {
    await driver.close();
  }
  renameSync(`${TEMPLATE_PATH}.tmp`, TEMPLATE_PATH);
  writeFileSync(STAMP_PATH, JSON.stringify(stamp));
  return true;
}
