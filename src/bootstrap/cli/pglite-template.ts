// Part of `npm run build`: makes the fresh-cluster tarball that seeds an empty DATA_DIR.
import { TEMPLATE_PATH } from '../../adapters/postgres/pglite-driver.js';
import { ensureTemplate } from '../../adapters/postgres/pglite-template.js';

const started = performance.now();
if (await ensureTemplate()) {
  process.stderr.write(`made ${TEMPLATE_PATH} in ${Math.round(performance.now() - started)} ms\n`);
}
