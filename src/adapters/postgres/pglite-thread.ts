// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and
// WebAssembly runs synchronously: on the main thread, opening a database (seconds) or a heavy
// statement would stall every HTTP request. Here it stalls only this thread; the main thread
// sends statements as messages (pglite-driver.ts) and stays free to answer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgliteThreadData, Reply, Request, SerializedError } from './pglite-protocol.js';

const port = parentPort!;
const { directory, templatePath } = workerData as PgliteThreadData;

/** A fresh directory is seeded from a cluster made at build time: far faster than initdb. */
function seed(): Blob | undefined {
  if (directory === undefined || templatePath === undefined) return undefined;
  if (existsSync(join(directory, 'PG_VERSION')) || !existsSync(templatePath)) return undefined;
  return new Blob([readFileSync(templatePath)]);
}

function serialize(error: unknown): SerializedError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<string, unknown>;
  const out: SerializedError = { message: typeof e['message'] === 'string' ? e['message'] : String(error) };
  // The members a PostgreSQL error carries (pg's DatabaseError has the same names).
  for (const key of ['code', 'severity', 'constraint', 'detail', 'table', 'column', 'schema'] as const) {
    if (typeof e[key] === 'string') out[key] = e[key];
  }
  return out;
}

// PGlite starts loading initdb's own WebAssembly on every open, needed or not, which holds this
// thread for a fifth of a second after the database is open. An existing or seeded cluster never
// runs initdb: it is given an empty module instead.
declare const WebAssembly: { Module: new (bytes: Uint8Array) => object };
const EMPTY_MODULE = new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

let db: PGlite;
try {
  const loadDataDir = seed();
  const initdbNotNeeded = loadDataDir !== undefined || (directory !== undefined && existsSync(join(directory, 'PG_VERSION')));
  db = await PGlite.create({
    // The search's trigram matching (migration 4 creates the extension in the database).
    extensions: { pg_trgm },
    ...(directory !== undefined ? { dataDir: directory } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(initdbNotNeeded ? { initdbWasmModule: EMPTY_MODULE } : {}),
  });
  port.postMessage({ kind: 'ready', seeded: loadDataDir !== undefined } satisfies Reply);
} catch (error) {
  port.postMessage({ kind: 'failed', error: serialize(error) } satisfies Reply);
  process.exit(1);
}

port.on('message', (request: Request) => {
  void handle(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ kind: 'error', id: request.id, error: serialize(error) } satisfies Reply),
  );
});

async function handle(request: Request): Promise<Reply> {
  switch (request.op) {
    case 'query': {
      const result = await db.query(request.sql, request.params as unknown[]);
      return { kind: 'result', id: request.id, rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await db.exec(request.sql);
      return { kind: 'result', id: request.id, rows: [], rowCount: 0 };
    case 'dump': {
      const tarball = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
      return { kind: 'dump', id: request.id, tarball };
    }
    case 'close':
      await db.close();
      return { kind: 'result', id: request.id, rows: [], rowCount: 0 };
  }
}
