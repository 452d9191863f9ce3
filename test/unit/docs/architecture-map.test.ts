// docs/architecture.md is a map for newcomers: every path it names must exist, and every class
// or function it names must be declared in a file named beside it (in the same table row or
// paragraph), or constructed there from a file that declares it (a driver's module), or the
// map lies.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const text = readFileSync('docs/architecture.md', 'utf8');
/** Shorter names (in the walk-through) are relative to one of these folders. */
const FOLDERS = ['src/adapters/http', 'src/adapters/postgres', 'src/application', 'src/bootstrap'];

/** The file a backticked path names: itself, or resolved against FOLDERS; undefined when none exists. */
function resolve(path: string): string | undefined {
  if (/^(src|test|docs)\//.test(path) || path.startsWith('.')) return existsSync(path) ? path : undefined;
  return FOLDERS.map((folder) => `${folder}/${path}`).find((candidate) => existsSync(candidate));
}

const PATH = /`((?:src|test|docs)\/[\w./-]+|\.dependency-cruiser\.cjs|(?:[\w-]+\/)*[\w.-]+\.ts)`/g;
/** A code name: an identifier with a capital inside (`SqlDatabase`, `guardFor`), not a constant or variable (`DB_DRIVER`). */
const CODE_NAME = /`([A-Za-z][A-Za-z0-9]*)(?:\.([a-z]\w*))?`/g;

/** A table row, or a paragraph. */
const blocks = text.split(/\n\s*\n/).flatMap((block) => (block.trimStart().startsWith('|') ? block.split('\n') : [block]));

test('every file and folder the architecture map names exists', () => {
  const named = [...text.matchAll(PATH)].map(([, path]) => path!);
  expect(named.length).toBeGreaterThan(30);
  expect(named.filter((path) => resolve(path) === undefined)).toEqual([]);
});

test('every class or function the map names is declared in a file it names beside it', () => {
  const misplaced: string[] = [];
  let checked = 0;
  for (const block of blocks) {
    const files = [...block.matchAll(PATH)]
      .map(([, path]) => resolve(path!))
      .filter((path): path is string => path?.endsWith('.ts') === true);
    const names = [...block.matchAll(CODE_NAME)].filter(([, name]) => /[A-Z]/.test(name!) && !/^[A-Z0-9_]+$/.test(name!));
    if (files.length === 0) continue;
    const sources = files.map((file) => readFileSync(file, 'utf8'));
    for (const [written, name, method] of names) {
      checked++;
      const declared = new RegExp(`(class|interface|type|function|const|let|enum)\\s+${name}\\b`);
      const hasMethod = new RegExp(`^\\s*(static\\s+)?(async\\s+)?${method}\\s*[(<]`, 'm');
      const declares = (source: string) => declared.test(source) && (method === undefined || hasMethod.test(source));
      const constructs = (source: string, file: string) => {
        const from = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '([^']+)'`).exec(source)?.[1];
        const origin = from === undefined ? undefined : join(dirname(file), from).replace(/\.js$/, '.ts');
        return source.includes(`new ${name}(`) && origin !== undefined && existsSync(origin) && declares(readFileSync(origin, 'utf8'));
      };
      const found = sources.some((source, i) => declares(source) || constructs(source, files[i]!));
      if (!found) misplaced.push(`${written} (in none of ${files.join(', ')})`);
    }
  }
  expect(checked).toBeGreaterThan(25);
  expect(misplaced).toEqual([]);
});
