// @profile-service/client: a typed client of the profile service.
export { ProfileClient, TaskTimeoutError, createProfileClient } from './client.js';
export type { ListQuery, ProfileClientOptions, SearchQuery, WaitOptions } from './client.js';
export { ProblemError, type ProblemFieldError } from './problem.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
export type { CreateProfile, Health, Problem, Profile, ProfileBatch, ProfilePage, ProfilePatch, Task, Versioned } from './types.js';
export type { components, operations, paths } from './generated/schema.js';
