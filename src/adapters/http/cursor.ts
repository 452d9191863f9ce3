// Page cursors: opaque to clients. A list page's carries the handle the next page starts after;
// a search page's, the score and handle of its last result.
import { MAX_SEARCH_SCORE, type SearchPosition } from '../../domain/ports/profile-repository.js';
import { Handle } from '../../domain/profile/handle.js';

export const encodeCursor = (afterHandle: string): string => Buffer.from(JSON.stringify({ after: afterHandle })).toString('base64url');

/** The handle a cursor carries, or null when this service never issued it. */
export function decodeCursor(cursor: string): string | null {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    // Only a handle's characters: anything else (a NUL, quotes) was never issued here.
    if (typeof after === 'string' && Handle.isValidPrefix(after)) return after;
  } catch {
    // not base64url JSON: not ours
  }
  return null;
}

/** A search page's cursor: the score and handle of the last result shown. */
export const encodeSearchCursor = (after: SearchPosition): string =>
  Buffer.from(JSON.stringify({ score: after.score, after: after.handle })).toString('base64url');

/** The least positive normal real (float4): PostgreSQL refuses a real closer to zero (1e-50) as out of range. */
const LEAST_REAL = 1.1754943508222875e-38;

/** A score some search could give: 0, or within a real's range and the port's (SearchHit). */
const isSearchScore = (score: unknown): score is number =>
  typeof score === 'number' && (score === 0 || (score >= LEAST_REAL && score <= MAX_SEARCH_SCORE));

/** The position a search cursor carries, or null when this service never issued it. */
export function decodeSearchCursor(cursor: string): SearchPosition | null {
  try {
    const { score, after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { score?: unknown; after?: unknown };
    if (isSearchScore(score) && typeof after === 'string' && Handle.isValidPrefix(after)) return { score, handle: after };
  } catch {
    // not base64url JSON: not ours
  }
  return null;
}
