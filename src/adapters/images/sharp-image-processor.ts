// Image decoding with sharp (libvips). Headers are read without decoding pixels; decoding has
// an explicit pixel limit, and one image is decoded at a time per process, so a burst of
// uploads cannot exhaust memory.
import type { default as Sharp } from 'sharp';
import { MAX_AVATAR_SIDE, detectImageFormat } from '../../domain/avatar/image-format.js';
import { InvalidImageError } from '../../domain/errors.js';
import type { AvatarImage } from '../../domain/ports/avatar-store.js';
import type { ImageInfo, ImageProcessor } from '../../domain/ports/image-processor.js';

// libvips takes a tenth of a second to load: only a process that handles images pays for it, once.
let loaded: Promise<typeof Sharp> | undefined;
const sharpModule = () => (loaded ??= import('sharp').then((m) => m.default));

export class SharpImageProcessor implements ImageProcessor {
  private queue: Promise<unknown> = Promise.resolve();

  async inspect(bytes: Uint8Array): Promise<ImageInfo | null> {
    const format = detectImageFormat(bytes);
    if (format === null) return null;
    const sharp = await sharpModule();
    try {
      // metadata() parses the header only; no pixel is decoded here.
      const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
      return width && height ? { format, width, height } : null;
    } catch {
      return null;
    }
  }

  renderAvatar(bytes: Uint8Array, sizes: readonly number[]): Promise<AvatarImage[]> {
    const rendered = this.queue.then(() => this.render(bytes, sizes));
    this.queue = rendered.catch(() => undefined);
    return rendered;
  }

  private async render(bytes: Uint8Array, sizes: readonly number[]): Promise<AvatarImage[]> {
    const sharp = await sharpModule();
    try {
      // rotate() applies the EXIF orientation; output carries no metadata unless asked, and we never ask.
      const upright = sharp(bytes, { limitInputPixels: MAX_AVATAR_SIDE * MAX_AVATAR_SIDE, failOn: 'error' }).rotate();
      const images: AvatarImage[] = [];
      for (const size of sizes) {
        const data = await upright.clone().resize(size, size, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
        images.push({ size, contentType: 'image/webp', bytes: new Uint8Array(data) });
      }
      return images;
    } catch {
      // libvips's own words ("vipspng: libpng read error") mean nothing to the uploader.
      throw new InvalidImageError(
        'image_unreadable',
        'The image data is corrupt or incomplete and cannot be decoded; upload the complete file again.',
      );
    }
  }
}
