// Test data builder: aProfile().withHandle('bob').build(), unique by default.
import type { CreateProfile } from '../../clients/typescript/src/index.js';
import { Profile, type NewProfile } from '../../src/domain/profile/profile.js';

let sequence = 0;

export class ProfileBuilder {
  private input: NewProfile;
  private id: string;
  private now = new Date('2026-01-01T00:00:00Z');

  constructor() {
    const n = ++sequence;
    this.id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    this.input = { ownerId: `owner-${n}`, handle: `user_${n}`, email: `user${n}@example.com`, displayName: `User ${n}` };
  }

  withId(id: string): this {
    this.id = id;
    return this;
  }

  withOwner(ownerId: string): this {
    this.input = { ...this.input, ownerId };
    return this;
  }

  withHandle(handle: string): this {
    this.input = { ...this.input, handle };
    return this;
  }

  withDisplayName(displayName: string): this {
    this.input = { ...this.input, displayName };
    return this;
  }

  withEmail(email: string): this {
    this.input = { ...this.input, email };
    return this;
  }

  createdAt(now: Date): this {
    this.now = now;
    return this;
  }

  build(): Profile {
    return Profile.create(this.input, this.id, this.now);
  }

  /** The create request body for this profile (without ownerId). */
  body(): Omit<NewProfile, 'ownerId'> {
    const { ownerId: _ownerId, ...rest } = this.input;
    return rest;
  }
}

export const aProfile = () => new ProfileBuilder();

/** A create body with unique handle and e-mail. */
export function aCreateBody(overrides: Record<string, unknown> = {}): Omit<NewProfile, 'ownerId'> & Record<string, unknown> {
  return { ...aProfile().body(), ...overrides };
}

/** A create request as the shipped client types it, with unique handle and e-mail. */
export function aCreateRequest(overrides: Partial<CreateProfile> = {}): CreateProfile {
  const n = ++sequence;
  return { handle: `user_${n}`, email: `user${n}@example.com`, displayName: `User ${n}`, ...overrides };
}
