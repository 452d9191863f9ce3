// Which image formats an avatar may be uploaded in, told by the file's first bytes (its
// magic number), never by the Content-Type the client claims.

export type ImageFormat = 'jpeg' | 'png' | 'webp';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** The largest image accepted, per side. */
export const MAX_AVATAR_SIDE = 4096;
/** The square renditions made of every avatar. */
export const AVATAR_SIZES = [64, 256, 512] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];
/** The rendition served when a request names no size. */
export const DEFAULT_AVATAR_SIZE: AvatarSize = 256;
