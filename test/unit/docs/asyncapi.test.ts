// The events' AsyncAPI document: valid AsyncAPI 3.0 by the reference parser, docs/asyncapi.yaml
// regenerated with the code, and every event the service publishes matching its message's schema.
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { buildAsyncApiDocument, messageName } from '../../../src/adapters/http/asyncapi.js';
import { toCloudEvent } from '../../../src/adapters/events/cloud-events.js';
import { pendingEvent, profileRenderer } from '../../../src/adapters/events/event-document.js';
import { PROFILE_EVENT_TYPES, profileEvent, purgedEvent } from '../../../src/domain/events/profile-event.js';
import { ASYNCAPI_PATH, asyncApiText, currentAsyncApiDocument } from '../../../tools/events/asyncapi.js';
import { aProfile } from '../../support/profile-builder.js';

const SETTINGS = { exchange: 'profile-events', source: '/profile-service', includePrivate: false };
/** Errors and warnings (not information, such as "AsyncAPI 3.1 exists"). */
const serious = (severity: DiagnosticSeverity) => severity === DiagnosticSeverity.Error || severity === DiagnosticSeverity.Warning;

test.each([false, true])(
  'when the document (private members %s) is parsed by @asyncapi/parser, then it has no error and no warning',
  async (includePrivate) => {
    const { document, diagnostics } = await new Parser().parse(
      JSON.stringify(buildAsyncApiDocument('1.2.3', { ...SETTINGS, includePrivate })),
    );
    expect(diagnostics.filter((d) => serious(d.severity)).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(
      document
        ?.messages()
        .all()
        .map((m) => m.name())
        .sort(),
    ).toEqual([...PROFILE_EVENT_TYPES].sort());
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(['profile-events']);
  },
);

test("when the code's document changes, then docs/asyncapi.yaml is regenerated with it", async () => {
  const committed = readFileSync(ASYNCAPI_PATH, 'utf8');
  expect(committed === asyncApiText(currentAsyncApiDocument()) ? 'current' : 'stale: run npm run generate:asyncapi').toBe('current');
  const { diagnostics } = await new Parser().parse(committed);
  expect(diagnostics.filter((d) => serious(d.severity))).toEqual([]);
});

describe.each([false, true])('with private members %s', (includePrivate) => {
  const document = buildAsyncApiDocument('1.2.3', { ...SETTINGS, includePrivate }) as { components: Record<string, unknown> };
  const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const validator = (type: (typeof PROFILE_EVENT_TYPES)[number]) =>
    ajv.compile({ $ref: `#/components/schemas/${messageName(type)}Event`, components: document.components });
  const profile = aProfile().build();
  const render = profileRenderer({ includePrivate });
  const now = new Date('2026-12-07T12:00:00Z');

  test.each(PROFILE_EVENT_TYPES)(
    "when a %s event is published, then its CloudEvent matches the message's schema, and no other type's",
    (type) => {
      const event =
        type === 'profile.purged'
          ? purgedEvent(profile.id, 4, '0193a0c1-0000-7000-8000-000000000001', now)
          : profileEvent(type, profile, '0193a0c1-0000-7000-8000-000000000002', now);
      const cloudEvent = toCloudEvent(pendingEvent(event, render), { source: SETTINGS.source });
      const validate = validator(type);
      expect(validate(cloudEvent) ? 'valid' : validate.errors).toBe('valid');
      expect(includePrivate ? 'email' in cloudEvent.data || type === 'profile.purged' : !('email' in cloudEvent.data)).toBe(true);
      const other = PROFILE_EVENT_TYPES.find((t) => t !== type)!;
      expect(validator(other)(cloudEvent)).toBe(false);
    },
  );
});
