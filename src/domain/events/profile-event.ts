// What other services learn of a profile's life: one event per committed change, written in
// the transaction of the change (an event exists exactly when its change committed) and
// relayed in the order written. The profile's version orders and deduplicates them: a
// consumer that applies an event only when its version is higher never goes backwards.
import type { Profile } from '../profile/profile.js';

export const PROFILE_EVENT_TYPES = [
  'profile.created',
  'profile.updated',
  'profile.deleted',
  'profile.restored',
  'profile.purged',
  'profile.avatar.ready',
  'profile.avatar.removed',
] as const;
export type ProfileEventType = (typeof PROFILE_EVENT_TYPES)[number];

export interface ProfileEvent {
  /** Unique, and the same each time the event is published again. */
  readonly id: string;
  readonly type: ProfileEventType;
  readonly profileId: string;
  /** The profile's version after the change (a purge: the last version it had). */
  readonly version: number;
  readonly occurredAt: Date;
  /** The profile as the change left it; null once it is erased (a purge). */
  readonly profile: Profile | null;
}

/** The event of a change that left `profile` as it is. */
export function profileEvent(type: Exclude<ProfileEventType, 'profile.purged'>, profile: Profile, id: string, now: Date): ProfileEvent {
  return { id, type, profileId: profile.id, version: profile.version, occurredAt: now, profile };
}

/** The event of an erasure: nothing of the profile is left to show. */
export function purgedEvent(profileId: string, lastVersion: number, id: string, now: Date): ProfileEvent {
  return { id, type: 'profile.purged', profileId, version: lastVersion, occurredAt: now, profile: null };
}
