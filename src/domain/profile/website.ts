import { InvalidValueError } from '../errors.js';

export const WEBSITE_MAX_LENGTH = 200;

/** An absolute http(s) URL without credentials, at most 200 characters once normalized. */
export class Website {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): Website {
    if (typeof raw !== 'string') throw new InvalidValueError('must be a string');
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new InvalidValueError('must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidValueError('must be an absolute http or https URL');
    }
    if (url.hostname === '') throw new InvalidValueError('must name a host');
    if (url.username !== '' || url.password !== '') throw new InvalidValueError('must not contain credentials');
    if (url.href.length > WEBSITE_MAX_LENGTH) throw new InvalidValueError(`must be at most ${WEBSITE_MAX_LENGTH} characters long`);
    return new Website(url.href);
  }

  static fromStored(value: string): Website {
    return new Website(value);
  }

  equals(other: Website): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
