import { decodeImagePixels } from '../image-pixels.js';
import { pdqDihedralFromLuma, pdqFromLuma, type PdqDihedral, type PdqHash } from './pdq-hash.js';
import { pdqLuma } from './pdq-luma.js';

export interface ImagePdq extends PdqHash {
  format: string;
  width: number;
  height: number;
  /** With `dihedral`: the other seven orientations' hashes. */
  dihedral?: Omit<PdqDihedral, 'original' | 'quality'>;
}

/** PDQ of an encoded image (JPEG, PNG, WebP, GIF, TIFF, HEIF, …) held in memory; one decode, whatever is asked. */
export async function pdqOfImage(bytes: Buffer, options: { dihedral?: boolean } = {}): Promise<ImagePdq> {
  const image = await decodeImagePixels(bytes);
  const { luma, rows, cols } = pdqLuma(image);
  image.data.fill(0);
  const about = { format: image.format, width: image.originalWidth, height: image.originalHeight };
  if (!options.dihedral) return { ...pdqFromLuma(luma, rows, cols), ...about };
  const { original, quality, ...dihedral } = pdqDihedralFromLuma(luma, rows, cols);
  return { hash: original, quality, ...about, dihedral };
}

/** The same, in all eight orientations: a rotated or mirrored copy matches one of them. */
export async function pdqDihedralOfImage(bytes: Buffer): Promise<PdqDihedral> {
  const { luma, rows, cols } = pdqLuma(await decodeImagePixels(bytes));
  return pdqDihedralFromLuma(luma, rows, cols);
}
