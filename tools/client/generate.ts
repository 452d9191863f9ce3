// The typed client's generated part: the OpenAPI document the service serves (with its limits as
// shipped), as clients/typescript/openapi.json, and the TypeScript types of its every path,
// operation and schema, written by openapi-typescript to clients/typescript/src/generated/schema.ts.
// `npm run generate:client` writes both; a test fails when either differs from what the current
// document generates (the JSON catches what types do not carry: lengths, formats, prose).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../src/adapters/http/openapi.js';
import { loadConfig } from '../../src/adapters/settings/config.js';

export const GENERATED_PATH = fileURLToPath(new URL('../../clients/typescript/src/generated/schema.ts', import.meta.url));
export const DOCUMENT_PATH = fileURLToPath(new URL('../../clients/typescript/openapi.json', import.meta.url));

const HEADER = `// Generated from the service's OpenAPI document by \`npm run generate:client\` (openapi-typescript);
// edit src/adapters/http/ and regenerate, not this.
`;

export function currentDocument(): Record<string, unknown> {
  const defaults = loadConfig({});
  return buildOpenApiDocument('current', {
    avatarMaxBytes: defaults.uploads.avatarMaxBytes,
    idempotencyTtlMs: defaults.profiles.idempotencyTtlMs,
  });
}

export const documentText = (document: Record<string, unknown>) => `${JSON.stringify(document, null, 2)}\n`;

export async function generateClientTypes(document = currentDocument()): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: false, exportType: false });
  return `${HEADER}${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const document = currentDocument();
  writeFileSync(DOCUMENT_PATH, documentText(document));
  writeFileSync(GENERATED_PATH, await generateClientTypes(document));
  console.log(`wrote ${DOCUMENT_PATH} and ${GENERATED_PATH}`);
}
