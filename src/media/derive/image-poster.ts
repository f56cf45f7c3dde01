import { loadSharp, MAX_IMAGE_PIXELS } from '../image-pixels.js';
import { POSTER_SIDE } from './view-recipes.js';
import { ToolOutputError } from './tool-stream.js';

const POSTER_SECONDS = 60;

/** A picture as a small JPEG, turned upright as its EXIF says, decoded and encoded in memory; sharp keeps no metadata in it. */
export async function imagePoster(bytes: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    return await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .timeout({ seconds: POSTER_SECONDS })
      .rotate()
      .resize(POSTER_SIDE, POSTER_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch (error) {
    throw new ToolOutputError(`sharp could not make it: ${error instanceof Error ? error.message : String(error)}`);
  }
}
