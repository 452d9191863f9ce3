// Normalization shared by the free-text members of a profile (display name, bio, location):
// Unicode NFC, no control, format (invisible, bidi override) or lone surrogate characters,
// trimmed. Lengths are counted in code points after normalization (what a person would call
// characters, whatever the encoding).
import { InvalidValueError } from '../errors.js';

// Zero-width (non-)joiners are format characters too, but emoji sequences and several
// scripts need them, so they stay.
const INVISIBLE = /(?![\u200C\u200D])[\p{Cf}\p{Cs}\p{Co}]/gu;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;
const CONTROLS_EXCEPT_NEWLINE = /[^\S\n ]|(?!\n)\p{Cc}/gu;

export interface TextRule {
  readonly maxLength: number;
  readonly minLength: number;
  readonly multiline: boolean;
}

export function normalizePlainText(raw: unknown, rule: TextRule): string {
  if (typeof raw !== 'string') throw new InvalidValueError('must be a string');
  let text = raw
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(LINE_BREAKS, rule.multiline ? '\n' : ' ');
  // Tabs and other odd spaces become plain spaces; remaining control characters go.
  text = text.replace(CONTROLS_EXCEPT_NEWLINE, (c) => (/\s/u.test(c) ? ' ' : ''));
  text = text.trim();
  const length = codePointLength(text);
  if (length < rule.minLength) {
    throw new InvalidValueError(rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters long`);
  }
  if (length > rule.maxLength) throw new InvalidValueError(`must be at most ${rule.maxLength} characters long`);
  return text;
}

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
