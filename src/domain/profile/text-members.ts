// The free-text members of a profile. Each holds normalized text that fits its rule.
import { normalizePlainText, type TextRule } from './plain-text.js';

abstract class PlainText {
  protected constructor(readonly value: string) {}

  equals(other: PlainText): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}

export class DisplayName extends PlainText {
  static readonly rule: TextRule = { minLength: 1, maxLength: 64, multiline: false };

  static parse(raw: unknown): DisplayName {
    return new DisplayName(normalizePlainText(raw, DisplayName.rule));
  }

  static fromStored(value: string): DisplayName {
    return new DisplayName(value);
  }
}

export class Bio extends PlainText {
  static readonly rule: TextRule = { minLength: 0, maxLength: 500, multiline: true };
  static readonly empty = new Bio('');

  static parse(raw: unknown): Bio {
    return new Bio(normalizePlainText(raw, Bio.rule));
  }

  static fromStored(value: string): Bio {
    return new Bio(value);
  }
}

export class Location extends PlainText {
  static readonly rule: TextRule = { minLength: 0, maxLength: 100, multiline: false };
  static readonly empty = new Location('');

  static parse(raw: unknown): Location {
    return new Location(normalizePlainText(raw, Location.rule));
  }

  static fromStored(value: string): Location {
    return new Location(value);
  }
}
