// The profile document as JSON text, rendered once per profile and view and reused.
import { profileDocument, profileJson } from '../../../../src/adapters/http/presenters.js';
import { aProfile } from '../../../support/profile-builder.js';

test('when one profile is rendered for its owner and then for anyone else, then each gets its own document', () => {
  const profile = aProfile().build();
  const full = JSON.parse(profileJson({ profile, visibility: 'full' })) as Record<string, unknown>;
  const shown = JSON.parse(profileJson({ profile, visibility: 'public' })) as Record<string, unknown>;
  expect({ full: full['email'], public: 'email' in shown }).toEqual({ full: profile.email.value, public: false });
});

test('when a profile changes, then its new version is rendered, not the old text', () => {
  const v1 = aProfile().build();
  profileJson({ profile: v1, visibility: 'full' });
  const v2 = v1.patch({ displayName: 'Renamed' }, new Date('2026-02-01T00:00:00Z'));
  expect(JSON.parse(profileJson({ profile: v2, visibility: 'full' }))).toEqual(profileDocument({ profile: v2, visibility: 'full' }));
});
