// docs/api.md is the OpenAPI document rendered: a change to the contract that did not
// regenerate it (npm run docs:api) fails here.
import { readFileSync } from 'node:fs';
import { renderApiDoc } from '../../../tools/docs/api-doc.js';

test('when the OpenAPI document changes, then docs/api.md is regenerated with it', () => {
  const committed = readFileSync('docs/api.md', 'utf8');
  expect(committed === renderApiDoc() ? 'current' : 'stale: run npm run docs:api').toBe('current');
});

test('every operation of the contract is in the reference with its statuses', () => {
  const doc = renderApiDoc();
  for (const heading of [
    '### GET /v1/profiles/{id}',
    '### PUT /v1/profiles/{id}/avatar',
    '### POST /v1/tasks/{id}/retry',
    '### GET /health/ready',
  ])
    expect(doc).toContain(heading);
  expect(doc).toMatch(/\| 412 \| If-Match is stale\./);
});
