import { InvalidValueError } from '../errors.js';

// The WHATWG "valid e-mail address" grammar (what browsers accept in <input type=email>),
// with at least one dot in the domain: a pragmatic rule that real mailboxes pass.
const LOCAL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export const EMAIL_MAX_LENGTH = 254;

/** An e-mail address, at most 254 characters, unique case-insensitively. */
export class Email {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): Email {
    if (typeof raw !== 'string') throw new InvalidValueError('must be a string');
    const email = raw.trim();
    if (email.length === 0) throw new InvalidValueError('must not be empty');
    if (email.length > EMAIL_MAX_LENGTH) throw new InvalidValueError(`must be at most ${EMAIL_MAX_LENGTH} characters long`);
    const at = email.lastIndexOf('@');
    const local = email.slice(0, at);
    const labels = email.slice(at + 1).split('.');
    const valid = at > 0 && local.length <= 64 && LOCAL.test(local) && labels.length >= 2 && labels.every((label) => LABEL.test(label));
    if (!valid) throw new InvalidValueError('must be a valid e-mail address');
    return new Email(email);
  }

  static fromStored(value: string): Email {
    return new Email(value);
  }

  /** The form that uniqueness is decided on. */
  get canonical(): string {
    return this.value.toLowerCase();
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
