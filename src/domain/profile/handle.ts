import { InvalidValueError } from '../errors.js';

/** A handle's length, in characters (a-z, 0-9, _). */
export const HANDLE_LENGTH = { min: 3, max: 30 } as const;
const HANDLE = new RegExp(`^[a-z][a-z0-9_]{${HANDLE_LENGTH.min - 1},${HANDLE_LENGTH.max - 1}}$`);

// Words that would read as the service speaking, or collide with routes and tooling.
const RESERVED = new Set([
  'about',
  'abuse',
  'account',
  'admin',
  'administrator',
  'api',
  'app',
  'auth',
  'billing',
  'blog',
  'contact',
  'dashboard',
  'delete',
  'edit',
  'everyone',
  'help',
  'health',
  'home',
  'import',
  'info',
  'login',
  'logout',
  'mail',
  'me',
  'metrics',
  'moderator',
  'mod',
  'new',
  'null',
  'official',
  'owner',
  'postmaster',
  'privacy',
  'profile',
  'profiles',
  'register',
  'root',
  'security',
  'settings',
  'signin',
  'signup',
  'staff',
  'static',
  'status',
  'support',
  'sys',
  'sysadmin',
  'system',
  'task',
  'tasks',
  'terms',
  'undefined',
  'user',
  'users',
  'webmaster',
  'www',
]);

/** A public, unique, case-insensitive name: 3-30 of a-z 0-9 _, starting with a letter, stored lower case. */
export class Handle {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): Handle {
    if (typeof raw !== 'string') throw new InvalidValueError('must be a string');
    const handle = raw.trim().toLowerCase();
    if (handle.length < HANDLE_LENGTH.min || handle.length > HANDLE_LENGTH.max) {
      throw new InvalidValueError(`must be ${HANDLE_LENGTH.min} to ${HANDLE_LENGTH.max} characters long`);
    }
    if (!HANDLE.test(handle)) {
      throw new InvalidValueError('must start with a letter and contain only a-z, 0-9 and _');
    }
    if (RESERVED.has(handle)) throw new InvalidValueError(`"${handle}" is reserved`);
    return new Handle(handle);
  }

  static fromStored(value: string): Handle {
    return new Handle(value);
  }

  /** The characters a handle prefix filter may contain; anything else can match no handle. */
  static isValidPrefix(prefix: string): boolean {
    return /^[a-z0-9_]{1,30}$/.test(prefix);
  }

  equals(other: Handle): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
