// .env.example, from README.md's Configuration table (every variable the service reads, its
// default and meaning): each setting commented out at its default, to copy to .env and edit.
// `npm run docs:env` writes it; a unit test compares.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ENV_EXAMPLE_PATH = '.env.example';

const HEADER = `# Every setting of the profile service, at its default (commented out): copy this file to .env
# and set what you need. \`npm start\`, \`npm run worker\` and \`npm run token\` read ./.env when it
# exists; a variable already set in the environment wins. The image and Kubernetes never read it.
# Generated from README.md's Configuration table by \`npm run docs:env\`; edit the README, not this.
`;

/** Markdown to plain text: backticks and link targets dropped. */
const plain = (text: string) =>
  text
    .replaceAll('`', '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .trim();

export function renderEnvExample(readme = readFileSync('README.md', 'utf8')): string {
  const table = readme.slice(readme.indexOf('| variable | default | meaning |'));
  const lines = table.split('\n').slice(2);
  // The table ends at its first line that is not a row.
  const rows = lines
    .slice(
      0,
      lines.findIndex((line) => !line.startsWith('|')),
    )
    .filter((line) => line.startsWith('| `'));
  const entries = rows.map((row) => {
    const [name, value, meaning] = row
      .split(/(?<!\\)\|/)
      .slice(1, 4)
      .map((cell) => cell.trim());
    const fixed = /^`[^`]*`$/.test(value!) ? value!.slice(1, -1) : '';
    const note = fixed === '' && value !== '' ? ` (default: ${plain(value!)})` : '';
    // A row may name several variables (`DB_SSL_CERT` / `DB_SSL_KEY`): each gets its line.
    const names = [...name!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!);
    return `# ${plain(meaning!)}${note}\n${names.map((n) => `# ${n}=${fixed}\n`).join('')}`;
  });
  return `${HEADER}\n${entries.join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ENV_EXAMPLE_PATH, renderEnvExample());
  console.log(`wrote ${ENV_EXAMPLE_PATH}`);
}
