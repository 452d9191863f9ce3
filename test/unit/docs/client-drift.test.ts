// The client's generated part (clients/typescript/openapi.json and src/generated/schema.ts) is
// what the current OpenAPI document generates: a contract change that did not regenerate it fails here.
import { readFileSync } from 'node:fs';
import { DOCUMENT_PATH, GENERATED_PATH, currentDocument, documentText, generateClientTypes } from '../../../tools/client/generate.js';

const STALE = 'stale: run npm run generate:client';

test("when the OpenAPI document changes, then the client's copy of it is regenerated with it", () => {
  expect(readFileSync(DOCUMENT_PATH, 'utf8') === documentText(currentDocument()) ? 'current' : STALE).toBe('current');
});

test("when the OpenAPI document changes, then the client's generated types are regenerated with it", async () => {
  expect(readFileSync(GENERATED_PATH, 'utf8') === (await generateClientTypes()) ? 'current' : STALE).toBe('current');
});
