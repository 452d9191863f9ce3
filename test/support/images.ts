// Images for upload tests, made with sharp or by hand.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

export const aPng = (width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer();

/** A JPEG carrying EXIF with a GPS position and a copyright notice. */
export const aJpegWithGps = () =>
  sharp({ create: { width: 120, height: 80, channels: 3, background: 'blue' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Alice' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
    })
    .toBuffer();

/** Whether an EXIF block holds a GPS IFD pointer (tag 0x8825, either byte order). */
export const hasGpsTag = (exif: Buffer | undefined) =>
  exif !== undefined && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25])));

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG whose header claims `width` x `height` pixels but whose pixel data is a few bytes
 * of nothing: only a reader that stops at the header can say anything about it.
 */
export function aPngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x01, 0x02])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
