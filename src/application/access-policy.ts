// Every access decision about profiles and tasks, in one place: owners and admins change
// a profile, anyone authenticated reads it, and only they see its private members.
import { ForbiddenError } from '../domain/errors.js';
import type { Profile } from '../domain/profile/profile.js';
import type { Task } from '../domain/task/task.js';
import type { Principal } from './principal.js';

export function isAdmin(principal: Principal): boolean {
  return principal.roles.has('admin');
}

export function mayModify(principal: Principal, profile: Profile): boolean {
  return isAdmin(principal) || profile.ownerId === principal.subject;
}

/** The e-mail address (and anything private added later) is for the owner and admins. */
export function maySeePrivateMembers(principal: Principal, profile: Profile): boolean {
  return mayModify(principal, profile);
}

export function assertMayModify(principal: Principal, profile: Profile): void {
  if (!mayModify(principal, profile)) {
    throw new ForbiddenError('Only the owner of this profile or an admin may change it.');
  }
}

/** A user creates a profile for itself; an admin for anyone. */
export function assertMayCreateFor(principal: Principal, ownerId: unknown): void {
  if (!isAdmin(principal) && ownerId !== principal.subject) {
    throw new ForbiddenError('Only an admin may create a profile for another owner.');
  }
}

export function mayReadTask(principal: Principal, task: Task): boolean {
  return isAdmin(principal) || task.requestedBy === principal.subject;
}

/** Retrying a dead task is an operator's decision. */
export function assertMayRetryTask(principal: Principal): void {
  if (!isAdmin(principal)) throw new ForbiddenError('Only an admin may retry a task.');
}

/** A bulk import creates profiles for many owners: an admin's job. */
export function assertMayImport(principal: Principal): void {
  if (!isAdmin(principal)) throw new ForbiddenError('Only an admin may import profiles.');
}
