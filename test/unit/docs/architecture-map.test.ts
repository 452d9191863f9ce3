// docs/architecture.md is a map for newcomers: every path it names must exist, or the map lies.
import { existsSync, readFileSync } from 'node:fs';

test('every file and folder the architecture map names exists', () => {
  const text = readFileSync('docs/architecture.md', 'utf8');
  const named = [...text.matchAll(/`((?:src|test|docs)\/[\w./-]+|\.dependency-cruiser\.cjs)`/g)].map(([, path]) => path!);
  // Shorter names (in the walk-through) are relative to one of these folders.
  const relative = [...text.matchAll(/`((?:[\w-]+\/)?[\w.-]+\.ts)`/g)].map(([, path]) => path!)
    .filter((p) => !named.some((n) => n.endsWith(p)));
  const missing = [
    ...named.filter((path) => !existsSync(path)),
    ...relative.filter((p) => !['src/adapters/http', 'src/adapters/postgres', 'src/application', 'src/bootstrap'].some((dir) => existsSync(`${dir}/${p}`))),
  ];
  expect(named.length).toBeGreaterThan(30);
  expect(missing).toEqual([]);
});
