// Entity tags for profiles: the version, marked when the representation is the public one,
// since owners and others see different documents at one URL.
import type { ProfileView } from '../../application/profile-view.js';
import type { ExpectedVersion } from '../../application/expected-version.js';
import { HttpProblem } from './problem.js';

export function etagOf(view: ProfileView): string {
  return view.visibility === 'full' ? `"${view.profile.version}"` : `"${view.profile.version}-public"`;
}

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/**
 * The versions an If-Match header accepts. Weak tags and tags of the public view never match
 * (RFC 9110 strong comparison), so they yield no version.
 */
export function expectedVersionFrom(ifMatch: string | undefined, required: boolean): ExpectedVersion {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    if (!required) return 'any';
    throw new HttpProblem('precondition_required', 'Send If-Match with the ETag of the version you are changing (or * for any version).');
  }
  if (ifMatch.trim() === '*') return 'any';
  return entityTags(ifMatch)
    .map((tag) => /^"(\d{1,15})"$/.exec(tag)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
}

/** If-None-Match with weak comparison (RFC 9110 13.1.2): true when the client's copy is current. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  return entityTags(ifNoneMatch).some((tag) => opaque(tag) === opaque(etag));
}
