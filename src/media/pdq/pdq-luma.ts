const f = Math.fround;
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);
/** The reference hasher first resizes (nearest neighbour, to exactly this square) any image larger than it. */
export const PDQ_MAX_DIMENSION = 512;

export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 (grey), 2 (grey and alpha), 3 (RGB) or 4 (RGBA); alpha is ignored. */
  channels: number;
}

/**
 * The luminance PDQ hashes, from decoded pixels: resized as the reference tool resizes (an image wider or taller
 * than 512 becomes 512 × 512 by nearest neighbour), then Y = 0.299 R + 0.587 G + 0.114 B in floats.
 */
export function pdqLuma(pixels: Pixels): { luma: Float32Array; rows: number; cols: number } {
  const { data, width, height, channels } = pixels;
  if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`an image has 1 to 4 channels, not ${channels}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`an image of ${width} × ${height} pixels`);
  if (data.length < width * height * channels) throw new RangeError('the pixel buffer is shorter than the image');
  const resized = width > PDQ_MAX_DIMENSION || height > PDQ_MAX_DIMENSION;
  const cols = resized ? PDQ_MAX_DIMENSION : width;
  const rows = resized ? PDQ_MAX_DIMENSION : height;
  const sourceColumn = new Uint32Array(cols);
  for (let x = 0; x < cols; x++) sourceColumn[x] = resized ? Math.floor((x * width) / cols) : x;
  const luma = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    const rowStart = (resized ? Math.floor((y * height) / rows) : y) * width;
    for (let x = 0; x < cols; x++) {
      const p = (rowStart + sourceColumn[x]!) * channels;
      luma[y * cols + x] = channels < 3 ? data[p]! : f(f(f(LUMA_R * data[p]!) + f(LUMA_G * data[p + 1]!)) + f(LUMA_B * data[p + 2]!));
    }
  }
  return { luma, rows, cols };
}
