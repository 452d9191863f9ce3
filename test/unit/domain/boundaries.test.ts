// The edges of the domain's rules, where an off-by-one or a dropped condition would let a bad
// value in or keep a good one out: lengths at their limits, formats told by their bytes,
// retry delays, and patches that change nothing.
import { InvalidValueError, ValidationError } from '../../../src/domain/errors.js';
import { detectImageFormat } from '../../../src/domain/avatar/image-format.js';
import { Email } from '../../../src/domain/profile/email.js';
import { Handle } from '../../../src/domain/profile/handle.js';
import { Website } from '../../../src/domain/profile/website.js';
import { backoffDelayMs } from '../../../src/domain/task/backoff.js';
import { caught } from '../../support/caught.js';
import { aProfile } from '../../support/profile-builder.js';

const rejection = (parse: () => unknown) => caught(InvalidValueError, parse).message;

describe('Email at its limits', () => {
  const address = (lastLabel: number) => `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(lastLabel)}`;

  test('when exactly 254 characters, then accepted; at 255, refused for its length', () => {
    expect(address(61)).toHaveLength(254);
    expect(Email.parse(address(61)).value).toBe(address(61));
    expect(rejection(() => Email.parse(address(62)))).toBe('must be at most 254 characters long');
  });

  test('when the local part is 64 characters, then accepted; at 65, refused', () => {
    expect(Email.parse(`${'a'.repeat(64)}@example.com`).value).toHaveLength(76);
    expect(rejection(() => Email.parse(`${'a'.repeat(65)}@example.com`))).toBe('must be a valid e-mail address');
  });

  test('when surrounded by spaces, then trimmed; when only spaces or not a string, then refused saying which', () => {
    expect(Email.parse('  alice@example.com ').value).toBe('alice@example.com');
    expect(rejection(() => Email.parse('   '))).toBe('must not be empty');
    expect(rejection(() => Email.parse(7))).toBe('must be a string');
  });

  test('when its canonical form is asked, then lower case', () => {
    expect(Email.parse('Alice@Example.COM').canonical).toBe('alice@example.com');
  });
});

describe('Handle at its limits', () => {
  test('when 3 characters, then accepted', () => {
    expect(Handle.parse('abc').value).toBe('abc');
  });

  test.each([
    ['al', true],
    ['a_1', true],
    ['A', false],
    ['a-', false],
    ['', false],
    ['a'.repeat(31), false],
    ['a'.repeat(30), true],
  ])('when %j is a prefix filter, then valid is %s', (prefix, valid) => {
    expect(Handle.isValidPrefix(prefix)).toBe(valid);
  });
});

describe('Website at its limits', () => {
  test('when exactly 200 characters once normalized, then accepted; at 201, refused', () => {
    const base = 'https://example.com/';
    expect(Website.parse(`${base}${'p'.repeat(200 - base.length)}`).value).toHaveLength(200);
    expect(rejection(() => Website.parse(`${base}${'p'.repeat(201 - base.length)}`))).toBe('must be at most 200 characters long');
  });

  test('when it carries only a user name, or only a password, then refused for credentials; plain http is fine', () => {
    expect(rejection(() => Website.parse('https://user@example.com'))).toBe('must not contain credentials');
    expect(rejection(() => Website.parse('https://:secret@example.com'))).toBe('must not contain credentials');
    expect(Website.parse('http://example.com/a').value).toBe('http://example.com/a');
  });

  test('when not a string, then refused saying so', () => {
    expect(rejection(() => Website.parse(['https://example.com']))).toBe('must be a string');
  });
});

describe('detectImageFormat', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const RIFF = [0x52, 0x49, 0x46, 0x46];
  const WEBP = [0x57, 0x45, 0x42, 0x50];

  test.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0), 'jpeg'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'png'],
    ['WebP', bytes(...RIFF, 1, 2, 3, 4, ...WEBP), 'webp'],
    ['a RIFF that is not WebP (a WAV)', bytes(...RIFF, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45), null],
    ['a PNG signature cut short', bytes(0x89, 0x50, 0x4e, 0x47), null],
    ['a JPEG signature with one byte wrong', bytes(0xff, 0xd8, 0xfe, 0xe0), null],
    ['a GIF', bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61), null],
    ['nothing', bytes(), null],
    ['RIFF alone', bytes(...RIFF, 1, 2, 3, 4), null],
  ])('when the bytes are %s, then %s', (_what, input, format) => {
    expect(detectImageFormat(input)).toBe(format);
  });
});

describe('backoffDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 30_000 };

  test('when an attempt fails, then the delay doubles from the base, within [50%, 100%] by the jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(policy, 2, 0.5)).toBe(1500);
  });

  test('when the doubling passes the cap, then the cap (before jitter)', () => {
    expect(backoffDelayMs(policy, 10, 1)).toBe(30_000);
    expect(backoffDelayMs(policy, 10, 0)).toBe(15_000);
  });

  test('when the attempt number is 0 or less, then the base', () => {
    expect(backoffDelayMs(policy, 0, 1)).toBe(1000);
  });
});

describe('Profile.patch', () => {
  test('when a patch sets every member to what it already is, then the same profile: no new version', () => {
    const profile = aProfile().build();
    const same = profile.patch(
      {
        handle: profile.handle.value,
        email: profile.email.value,
        displayName: profile.displayName.value,
        bio: profile.bio.value,
        location: profile.location.value,
        website: null,
      },
      new Date(),
    );
    expect(same).toBe(profile);
  });

  test.each([
    ['handle', 'renamed_one'],
    ['email', 'new@example.com'],
    ['displayName', 'New Name'],
    ['bio', 'a bio'],
    ['location', 'Lyon'],
    ['website', 'https://example.org/'],
  ])('when only %s changes, then a new version', (member, value) => {
    const profile = aProfile().build();
    expect(profile.patch({ [member]: value }, new Date()).version).toBe(profile.version + 1);
  });

  test('when a required member is set to null, then refused; an optional one is cleared', () => {
    const profile = aProfile().build().patch({ bio: 'something', website: 'https://example.org' }, new Date());
    expect(caught(ValidationError, () => profile.patch({ displayName: null }, new Date())).errors).toEqual([
      { pointer: '/displayName', message: 'is required and cannot be removed' },
    ]);
    const cleared = profile.patch({ bio: null, website: null }, new Date());
    expect({ bio: cleared.bio.value, website: cleared.website }).toEqual({ bio: '', website: null });
  });
});
