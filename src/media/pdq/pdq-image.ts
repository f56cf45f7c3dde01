import { decodeImagePixels } from '../image-pixels.js';
import { pdqDihedralFromLuma, pdqFromLuma, type PdqDihedral, type PdqHash } from './pdq-hash.js';
import { pdqLuma } from './pdq-luma.js';

export interface ImagePdq extends PdqHash {
  format: string;
  width: number;
  height: number;
}

/** PDQ of an encoded image (JPEG, PNG, WebP, GIF, TIFF, HEIF, …) held in memory. */
export async function pdqOfImage(bytes: Buffer): Promise<ImagePdq> {
  const image = await decodeImagePixels(bytes);
  const { luma, rows, cols } = pdqLuma(image);
  return { ...pdqFromLuma(luma, rows, cols), format: image.format, width: image.originalWidth, height: image.originalHeight };
}

/** The same, in all eight orientations: a rotated or mirrored copy matches one of them. */
export async function pdqDihedralOfImage(bytes: Buffer): Promise<PdqDihedral> {
  const { luma, rows, cols } = pdqLuma(await decodeImagePixels(bytes));
  return pdqDihedralFromLuma(luma, rows, cols);
}
