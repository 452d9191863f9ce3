import { InvalidValueError } from '../../../src/domain/errors.js';
import { Email } from '../../../src/domain/profile/email.js';
import { Handle } from '../../../src/domain/profile/handle.js';
import { Bio, DisplayName, Location } from '../../../src/domain/profile/text-members.js';
import { Website } from '../../../src/domain/profile/website.js';
import { SearchText } from '../../../src/domain/profile/search-text.js';
import { caught } from '../../support/caught.js';

const rejection = (parse: () => unknown) => caught(InvalidValueError, parse).message;

describe('Handle', () => {
  test.each([
    ['Alice_01', 'alice_01'],
    ['  bob  ', 'bob'],
    ['z99', 'z99'],
    ['a'.repeat(30), 'a'.repeat(30)],
  ])('when given %j, then it is stored as %j', (raw, stored) => {
    expect(Handle.parse(raw).value).toBe(stored);
  });

  test.each([
    ['ab', 'must be 3 to 30 characters long'],
    ['a'.repeat(31), 'must be 3 to 30 characters long'],
    ['1abc', 'must start with a letter and contain only a-z, 0-9 and _'],
    ['_abc', 'must start with a letter and contain only a-z, 0-9 and _'],
    ['al-ice', 'must start with a letter and contain only a-z, 0-9 and _'],
    ['ålice', 'must start with a letter and contain only a-z, 0-9 and _'],
    ['Admin', '"admin" is reserved'],
    ['root', '"root" is reserved'],
    ['api', '"api" is reserved'],
  ])('when given %j, then it is refused: %s', (raw, message) => {
    expect(rejection(() => Handle.parse(raw))).toBe(message);
  });

  test('when not a string, then it is refused', () => {
    expect(rejection(() => Handle.parse(42))).toBe('must be a string');
  });
});

describe('Email', () => {
  test.each(['alice@example.com', 'A.Lice+tag@sub.example.co.uk', "o'brien@example.ie"])('when given %j, then it is accepted', (raw) => {
    expect(Email.parse(raw).value).toBe(raw);
  });

  test('when two addresses differ only in case, then their canonical forms are equal', () => {
    expect(Email.parse('Alice@Example.COM').canonical).toBe(Email.parse('alice@example.com').canonical);
  });

  test.each(['alice', 'alice@', '@example.com', 'alice@localhost', 'al ice@example.com', 'alice@exa_mple.com', 'alice@-example.com'])(
    'when given %j, then it is refused',
    (raw) => {
      expect(rejection(() => Email.parse(raw))).toBe('must be a valid e-mail address');
    },
  );

  test('when longer than 254 characters, then it is refused for its length', () => {
    const long = `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`;
    expect(rejection(() => Email.parse(long))).toBe('must be at most 254 characters long');
  });
});

describe('Website', () => {
  test('when given an http(s) URL, then it is stored normalized', () => {
    expect(Website.parse(' HTTPS://Example.COM ').value).toBe('https://example.com/');
  });

  test.each([
    ['ftp://example.com', 'must be an absolute http or https URL'],
    ['javascript:alert(1)', 'must be an absolute http or https URL'],
    ['example.com', 'must be an absolute http or https URL'],
    ['https://user:pw@example.com', 'must not contain credentials'],
    [`https://example.com/${'a'.repeat(200)}`, 'must be at most 200 characters long'],
  ])('when given %j, then it is refused: %s', (raw, message) => {
    expect(rejection(() => Website.parse(raw))).toBe(message);
  });
});

describe('plain-text members', () => {
  test('when text has bidi overrides, zero-width spaces and control characters, then they are removed and the rest trimmed', () => {
    expect(DisplayName.parse('  \u202eAl\u200bice\u0007\u2066  ').value).toBe('Alice');
  });

  test('when text is decomposed Unicode, then it is stored in NFC', () => {
    expect(DisplayName.parse('Jose\u0301').value).toBe('Jos\u00e9');
  });

  test('when an emoji sequence uses zero-width joiners, then it survives', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(DisplayName.parse(family).value).toBe(family);
  });

  test('when a bio has line breaks, then they are kept as \\n; a display name gets spaces instead', () => {
    expect(Bio.parse('one\r\ntwo\rthree\u2028four').value).toBe('one\ntwo\nthree\nfour');
    expect(DisplayName.parse('one\ntwo').value).toBe('one two');
  });

  test('when length is counted, then it is counted after normalization, in code points', () => {
    expect(DisplayName.parse(` ${'\u{1F600}'.repeat(64)} \u200b`).value).toHaveLength(128);
    expect(rejection(() => DisplayName.parse('\u{1F600}'.repeat(65)))).toBe('must be at most 64 characters long');
    expect(rejection(() => DisplayName.parse(' \u200b\u202e '))).toBe('must not be empty');
    expect(rejection(() => Bio.parse('x'.repeat(501)))).toBe('must be at most 500 characters long');
    expect(rejection(() => Location.parse('x'.repeat(101)))).toBe('must be at most 100 characters long');
  });

  test('when a lone surrogate arrives, then it is removed rather than stored', () => {
    expect(Location.parse('Paris\ud800').value).toBe('Paris');
  });
});

describe('SearchText', () => {
  test('when text is typed with capitals, spaces around it and an invisible character, then it is searched for in lower case, trimmed, without it', () => {
    expect(SearchText.parse('  Ali\u200Bce Lid ').value).toBe('alice lid');
  });

  test.each([
    ['one character', 'a', 'must be at least 2 characters long'],
    ['spaces only', '    ', 'must be at least 2 characters long'],
    ['65 characters', 'x'.repeat(65), 'must be at most 64 characters long'],
    ['not a string', 42, 'must be a string'],
  ])('when the text is %s, then it is refused saying why', (_case, raw, message) => {
    expect(caught(InvalidValueError, () => SearchText.parse(raw)).message).toBe(message);
  });

  test('when the text is 2 or 64 characters long, then it is accepted', () => {
    expect(SearchText.parse('ab').value).toBe('ab');
    expect(SearchText.parse('y'.repeat(64)).value).toHaveLength(64);
  });
});
