// docs/api.md, rendered from the OpenAPI document the service serves (GET /openapi.json), so the
// reference cannot drift from the contract: `npm run docs:api` writes it, a unit test compares.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../../src/adapters/http/openapi.js';
import { loadConfig } from '../../src/adapters/settings/config.js';
import { SPECTRAL_OPINIONS } from './spectral-opinions.js';

type Schema = Record<string, any>;
interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const summaryOf = (op: Operation) => op.summary ?? op.description ?? op.operationId;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A schema in a few words: its type, format, bounds and values. */
function describe(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema['$ref']) return `[${String(schema['$ref']).split('/').pop()}](#${String(schema['$ref']).split('/').pop()!.toLowerCase()})`;
  if (schema['oneOf']) return (schema['oneOf'] as Schema[]).map(describe).join(' or ');
  if (schema['enum']) return (schema['enum'] as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  const type = Array.isArray(schema['type'])
    ? (schema['type'] as string[]).join(' or ')
    : ((schema['type'] as string | undefined) ?? 'any');
  const facts = [
    schema['format'] && `${schema['format']}`,
    schema['minLength'] !== undefined && `${schema['minLength']}+ chars`,
    schema['maxLength'] !== undefined && `at most ${schema['maxLength']} chars`,
    schema['minimum'] !== undefined && `>= ${schema['minimum']}`,
    schema['maximum'] !== undefined && `<= ${schema['maximum']}`,
    schema['default'] !== undefined && `default ${JSON.stringify(schema['default'])}`,
    schema['pattern'] && `pattern \`${schema['pattern']}\``,
  ].filter(Boolean);
  const items = type === 'array' && schema['items'] ? ` of ${describe(schema['items'] as Schema)}` : '';
  return `${type}${items}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

function operation(path: string, method: string, op: Operation): string[] {
  const lines = [`### ${method.toUpperCase()} ${path}`, '', summaryOf(op), ''];
  if (op.security && op.security.length === 0) lines.push('No token needed.', '');
  if (op.parameters?.length) {
    lines.push('| parameter | in | required | schema | meaning |', '|---|---|---|---|---|');
    for (const p of op.parameters)
      lines.push(
        `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${cell(describe(p.schema))} | ${cell(p.description ?? p.schema['description'] ?? '')} |`,
      );
    lines.push('');
  }
  if (op.requestBody) {
    const bodies = Object.entries(op.requestBody.content).map(
      ([type, { schema }]) => `\`${type}\`${schema ? `: ${describe(schema)}` : ''}`,
    );
    lines.push(`Body: ${bodies.join('; ')}`, '');
  }
  lines.push('| status | meaning |', '|---|---|');
  for (const [status, response] of Object.entries(op.responses)) {
    const headers = response.headers
      ? ` Headers: ${Object.keys(response.headers)
          .map((h) => `\`${h}\``)
          .join(', ')}.`
      : '';
    const body = response.content
      ? ` ${Object.entries(response.content)
          .map(([type, { schema }]) => `\`${type}\`${schema ? ` ${describe(schema)}` : ''}`)
          .join('; ')}.`
      : '';
    lines.push(`| ${status} | ${cell(`${response.description}${body}${headers}`)} |`);
  }
  lines.push('');
  return lines;
}

function schemaSection(name: string, schema: Schema): string[] {
  const lines = [`### ${name}`, ''];
  if (schema['description']) lines.push(String(schema['description']), '');
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  if (Object.keys(properties).length === 0) return [...lines, describe(schema), ''];
  lines.push('| member | schema | required | meaning |', '|---|---|---|---|');
  for (const [member, property] of Object.entries(properties)) {
    const notes = [property['readOnly'] ? 'read-only' : '', property['description'] ?? ''].filter(Boolean).join('; ');
    lines.push(`| \`${member}\` | ${cell(describe(property))} | ${required.has(member) ? 'yes' : 'no'} | ${cell(notes)} |`);
  }
  lines.push('');
  return lines;
}

export function renderApiDoc(): string {
  // The limits as shipped: a deployment that changes them serves its own in /openapi.json.
  const defaults = loadConfig({});
  const limits = { avatarMaxBytes: defaults.uploads.avatarMaxBytes, idempotencyTtlMs: defaults.profiles.idempotencyTtlMs };
  const document = buildOpenApiDocument('current', limits) as {
    info: { description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })),
  );
  return [
    '# API reference',
    '',
    '<!-- Generated from the OpenAPI document (src/adapters/http/openapi.ts) by `npm run docs:api`; edit that, not this. -->',
    '',
    document.info.description,
    '',
    'The service serves the same contract as OpenAPI 3.1 at `GET /openapi.json`. Every request',
    'under `/v1` needs `Authorization: Bearer <JWT>` (HS256) unless it says otherwise; errors are',
    '`application/problem+json` ([Problem](#problem)); every response carries `X-Request-Id`.',
    '',
    '| method | path | what it does |',
    '|---|---|---|',
    ...operations.map(
      ({ path, method, op }) =>
        `| ${method.toUpperCase()} | [\`${path}\`](#${`${method} ${path}`
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-')}) | ${cell(summaryOf(op))} |`,
    ),
    '',
    '## Operations',
    '',
    ...operations.flatMap(({ path, method, op }) => operation(path, method, op)),
    '## Schemas',
    '',
    ...Object.entries(document.components.schemas).flatMap(([name, schema]) => schemaSection(name, schema)),
    '## What the contract linters say',
    '',
    "`npm run lint:openapi` (part of `npm run lint`) runs Spectral's OpenAPI rules and the OWASP API Security ruleset over this document",
    'and finds nothing. The rules it turns off (`.spectral.yaml`) are matters of opinion for this contract:',
    '',
    '| rule | why it stays off |',
    '|---|---|',
    ...Object.entries(SPECTRAL_OPINIONS).map(([rule, why]) => `| \`${rule}\` | ${cell(why)} |`),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('docs/api.md', renderApiDoc());
  process.stdout.write('wrote docs/api.md\n');
}
