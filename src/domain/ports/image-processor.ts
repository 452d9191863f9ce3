import type { ImageFormat } from '../avatar/image-format.js';
import type { AvatarImage } from './avatar-store.js';

export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** Image decoding and encoding, kept out of the core. */
export interface ImageProcessor {
  /** Format and dimensions read from the header alone, without decoding a pixel; null when unreadable. */
  inspect(bytes: Uint8Array): Promise<ImageInfo | null>;
  /**
   * Decodes the image, turns it upright, and renders square renditions of the given sizes
   * with no metadata at all (no EXIF, no GPS). Rejects with InvalidImageError
   * ('image_unreadable') when the image cannot be decoded.
   */
  renderAvatar(bytes: Uint8Array, sizes: readonly number[]): Promise<AvatarImage[]>;
}
