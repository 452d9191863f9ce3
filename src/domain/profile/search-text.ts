// What a profile search looks for: normalised as display names are (NFC, no invisible or
// control characters, trimmed), 2-64 characters, and matched in lower case.
import { normalizePlainText, type TextRule } from './plain-text.js';

export const SEARCH_TEXT_RULE: TextRule = { minLength: 2, maxLength: 64, multiline: false };

export class SearchText {
  private constructor(readonly value: string) {}

  /** Throws InvalidValueError saying what is wrong (too short, too long, not a string). */
  static parse(raw: unknown): SearchText {
    return new SearchText(normalizePlainText(raw, SEARCH_TEXT_RULE).toLowerCase());
  }
}
