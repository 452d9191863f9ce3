// The service's documents, named: each is the generated type of its OpenAPI schema.
import type { components } from './generated/schema.js';

type Schemas = components['schemas'];
export type Profile = Schemas['Profile'];
export type CreateProfile = Schemas['CreateProfile'];
export type ProfilePatch = Schemas['ProfilePatch'];
export type ProfilePage = Schemas['ProfilePage'];
export type ProfileBatch = Schemas['ProfileBatch'];
export type Task = Schemas['Task'];
export type Problem = Schemas['Problem'];
export type Health = Schemas['Health'];

/** A document with the ETag of the version read: pass it as `ifMatch` to change exactly that version. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}
