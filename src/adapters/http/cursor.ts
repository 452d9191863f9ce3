// The list's page cursor: opaque to clients, the handle the next page starts after.
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
