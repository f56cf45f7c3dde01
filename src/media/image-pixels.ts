import type { Pixels } from './pdq/pdq-luma.js';
import { PDQ_MAX_DIMENSION } from './pdq/pdq-luma.js';

/** Pixels decoded whole, so that resizing is done exactly as the reference does it (about 72 MB at this size). */
const DECODE_WHOLE_PIXELS = 24_000_000;
/** A larger picture is refused before it is decoded: a decompression bomb claims billions. */
export const MAX_IMAGE_PIXELS = 200_000_000;
/**
 * Raster formats only. SVG is a program more than a picture (nested <use> elements multiply its drawing time
 * without bound), PDF and the like too; a leak's pictures are photographs and screenshots.
 */
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif', 'jp2', 'jxl']);
/** No single picture takes longer than this to decode: libvips stops and the picture is refused. */
const DECODE_SECONDS = 60;

export interface DecodedImage extends Pixels {
  /** The container's format as the decoder names it (jpeg, png, webp, gif, tiff, heif, …). */
  format: string;
  /** The picture's own size, before any resizing for hashing. */
  originalWidth: number;
  originalHeight: number;
}

type Sharp = typeof import('sharp').default;
let loaded: Promise<Sharp> | null = null;

/** sharp (libvips) loads once, and only where an image is decoded. */
export function loadSharp(): Promise<Sharp> {
  loaded ??= (async () => {
    // libvips decodes an image it cannot stream (WebP, for one) into a temporary file once it is larger than this:
    // plaintext evidence on disk. Never. (Its units are b, k, m and g: "1t" would read as one byte.)
    process.env.VIPS_DISC_THRESHOLD = '1000000g';
    const sharp = (await import('sharp')).default;
    sharp.cache(false);
    return sharp;
  })();
  return loaded;
}

/** Why an image could not be decoded, in words for the person who gave it. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/**
 * Decodes an image held in memory (nothing is written to disk) into 8-bit pixels, its first frame only and in
 * the orientation it is stored in (EXIF rotation is not applied, as the PDQ reference does not). A picture
 * wider or taller than 512 pixels is decoded whole and resized later, exactly as the reference does, up to
 * 24 megapixels; a larger one is resized by libvips (nearest neighbour, within a few bits of the reference).
 */
export async function decodeImagePixels(bytes: Buffer): Promise<DecodedImage> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true, failOn: 'error' as const };
  let metadata: { width?: number; height?: number; format?: string };
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    throw new ImageDecodeError(`not an image this version can read (${describe(error)})`);
  }
  const { width, height, format } = metadata;
  if (!width || !height || !format) throw new ImageDecodeError('an image without a width, a height or a format');
  if (!IMAGE_FORMATS.has(format)) throw new ImageDecodeError(`${format} is not a picture format Vigil decodes (it decodes ${[...IMAGE_FORMATS].join(', ')})`);
  if (width * height > MAX_IMAGE_PIXELS)
    throw new ImageDecodeError(`${width} × ${height} pixels is more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels Vigil decodes`);
  try {
    let pipeline = sharp(bytes, options).timeout({ seconds: DECODE_SECONDS });
    if (width * height > DECODE_WHOLE_PIXELS && (width > PDQ_MAX_DIMENSION || height > PDQ_MAX_DIMENSION)) {
      pipeline = pipeline.resize(PDQ_MAX_DIMENSION, PDQ_MAX_DIMENSION, { fit: 'fill', kernel: 'nearest', fastShrinkOnLoad: false });
    }
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels, format, originalWidth: width, originalHeight: height };
  } catch (error) {
    throw new ImageDecodeError(`the ${format} image cannot be decoded (${describe(error)})`);
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
