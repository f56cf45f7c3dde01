/**
 * PDQ, Meta's perceptual hash for images (ThreatExchange `pdq/`, BSD licence), written from its published
 * definition: luminance, a Jarosz (two-pass box) filter and decimation to 64×64, a gradient quality metric,
 * a 16×16 block of the DCT without its DC terms, and one bit per coefficient above their median.
 * Arithmetic is rounded to 32-bit floats where the reference computes in floats, so that on the same
 * luminance the hash is the reference's bit for bit.
 */
import { hash256Hex } from './hash256.js';

const f = Math.fround;
const MIN_HASHABLE_DIMENSION = 5;
const JAROSZ_PASSES = 2;

export interface PdqHash {
  /** 64 hexadecimal digits, as the reference tools print them. */
  hash: string;
  /** 0–100: how much detail the image has; hashes of images under about 50 are not to be trusted for matching. */
  quality: number;
}

/** The eight orientations whose hashes one DCT gives (rotations and flips of the image). */
export interface PdqDihedral {
  quality: number;
  original: string;
  rotate90: string;
  rotate180: string;
  rotate270: string;
  flipX: string;
  flipY: string;
  flipPlus1: string;
  flipMinus1: string;
}

/** The 16×64 DCT-II matrix without the DC row, in floats as the reference builds it. */
const DCT_16x64: Float32Array = (() => {
  const matrix = new Float32Array(16 * 64);
  const scale = f(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) matrix[i * 64 + j] = f(scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1)));
  }
  return matrix;
})();

/** PDQ of a luminance image (rows × columns, row-major). `luma` is used as scratch and changed. */
export function pdqFromLuma(luma: Float32Array, rows: number, cols: number): PdqHash {
  const dct = dct16x16FromLuma(luma, rows, cols);
  if (dct === null) return { hash: '0'.repeat(64), quality: 0 };
  return { hash: bitsOf(dct.coefficients), quality: dct.quality };
}

/**
 * PDQ of a luminance image and, from the same DCT, PDQF: the 16×16 coefficients before they are cut to bits
 * (row-major, vertical frequency first), the frame feature TMK+PDQF accumulates. Null coefficients for an image
 * too small to hash. `luma` is used as scratch and changed.
 */
export function pdqWithFloatFromLuma(luma: Float32Array, rows: number, cols: number): PdqHash & { coefficients: Float32Array | null } {
  const dct = dct16x16FromLuma(luma, rows, cols);
  if (dct === null) return { hash: '0'.repeat(64), quality: 0, coefficients: null };
  return { hash: bitsOf(dct.coefficients), quality: dct.quality, coefficients: dct.coefficients };
}

/** PDQ of a luminance image in its eight orientations, from one filter and one DCT. */
export function pdqDihedralFromLuma(luma: Float32Array, rows: number, cols: number): PdqDihedral {
  const dct = dct16x16FromLuma(luma, rows, cols);
  if (dct === null) {
    const zero = '0'.repeat(64);
    return { quality: 0, original: zero, rotate90: zero, rotate180: zero, rotate270: zero, flipX: zero, flipY: zero, flipPlus1: zero, flipMinus1: zero };
  }
  const a = dct.coefficients;
  // Each orientation permutes the coefficients and flips the sign of some (rows, columns or both of odd index).
  const transformed = (transpose: boolean, negate: (i: number, j: number) => boolean) => {
    const b = new Float32Array(256);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const value = negate(i, j) ? -a[i * 16 + j]! : a[i * 16 + j]!;
        b[transpose ? j * 16 + i : i * 16 + j] = value;
      }
    }
    return bitsOf(b);
  };
  return {
    quality: dct.quality,
    original: bitsOf(a),
    rotate90: transformed(true, (_i, j) => (j & 1) === 0),
    rotate180: transformed(false, (i, j) => ((i + j) & 1) === 1),
    rotate270: transformed(true, (i) => (i & 1) === 0),
    flipX: transformed(false, (i) => (i & 1) === 0),
    flipY: transformed(false, (_i, j) => (j & 1) === 0),
    flipPlus1: transformed(true, () => false),
    flipMinus1: transformed(true, (i, j) => ((i + j) & 1) === 1),
  };
}

function dct16x16FromLuma(luma: Float32Array, rows: number, cols: number): { coefficients: Float32Array; quality: number } | null {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || luma.length < rows * cols) {
    throw new RangeError(`a luminance buffer of ${luma.length} values cannot be ${rows} × ${cols}`);
  }
  if (rows < MIN_HASHABLE_DIMENSION || cols < MIN_HASHABLE_DIMENSION) return null;
  let block: Float32Array;
  if (rows === 64 && cols === 64) {
    block = luma.slice(0, 64 * 64);
  } else {
    const scratch = scratchFor(rows * cols);
    const alongRows = jaroszWindow(cols, 64);
    const alongCols = jaroszWindow(rows, 64);
    for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
      boxFilterRows(luma, scratch, rows, cols, alongRows);
      boxFilterColumns(scratch, luma, rows, cols, alongCols);
    }
    block = decimate(luma, rows, cols);
  }
  return { coefficients: dct64To16(block), quality: qualityOf(block) };
}

function jaroszWindow(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

let scratch = new Float32Array(0);

/** Scratch memory for the filter, kept between hashes (a frame or a photo after another); its contents do not matter. */
function scratchFor(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  return scratch.length === length ? scratch : scratch.subarray(0, length);
}

/**
 * A running-mean box filter along every row, shrinking the window at both ends, as the reference does. Each
 * row's sum is one long chain of dependent float additions, so four rows are filtered side by side: the
 * processor works on four chains at once. Every row still sees its own additions in the reference's order.
 */
function boxFilterRows(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = cols - window;
  const phase4 = half - 1;
  let row = 0;
  for (; row + 4 <= rows; row += 4) {
    const r0 = row * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let left = 0;
    let right = 0;
    let out = 0;
    let size = 0;
    for (let i = 0; i < phase1; i++, right++) {
      s0 = f(s0 + input[r0 + right]!);
      s1 = f(s1 + input[r1 + right]!);
      s2 = f(s2 + input[r2 + right]!);
      s3 = f(s3 + input[r3 + right]!);
      size++;
    }
    for (let i = 0; i < phase2; i++, right++, out++) {
      size++;
      output[r0 + out] = (s0 = f(s0 + input[r0 + right]!)) / size;
      output[r1 + out] = (s1 = f(s1 + input[r1 + right]!)) / size;
      output[r2 + out] = (s2 = f(s2 + input[r2 + right]!)) / size;
      output[r3 + out] = (s3 = f(s3 + input[r3 + right]!)) / size;
    }
    for (let i = 0; i < phase3; i++, left++, right++, out++) {
      output[r0 + out] = (s0 = f(f(s0 + input[r0 + right]!) - input[r0 + left]!)) / size;
      output[r1 + out] = (s1 = f(f(s1 + input[r1 + right]!) - input[r1 + left]!)) / size;
      output[r2 + out] = (s2 = f(f(s2 + input[r2 + right]!) - input[r2 + left]!)) / size;
      output[r3 + out] = (s3 = f(f(s3 + input[r3 + right]!) - input[r3 + left]!)) / size;
    }
    for (let i = 0; i < phase4; i++, left++, out++) {
      size--;
      output[r0 + out] = (s0 = f(s0 - input[r0 + left]!)) / size;
      output[r1 + out] = (s1 = f(s1 - input[r1 + left]!)) / size;
      output[r2 + out] = (s2 = f(s2 - input[r2 + left]!)) / size;
      output[r3 + out] = (s3 = f(s3 - input[r3 + left]!)) / size;
    }
  }
  for (; row < rows; row++) boxFilterRow(input, output, row * cols, cols, window);
}

/** The filter along one row. */
function boxFilterRow(input: Float32Array, output: Float32Array, start: number, length: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let left = start;
  let right = start;
  let out = start;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[right]!);
    size++;
    right++;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[right]!);
    size++;
    output[out] = sum / size;
    right++;
    out++;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[right]!);
    sum = f(sum - input[left]!);
    output[out] = sum / size;
    left++;
    right++;
    out++;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[left]!);
    size--;
    output[out] = sum / size;
    left++;
    out++;
  }
}

/**
 * The same filter down every column at once, a row at a time: walking each column alone strides across the
 * whole image and took four fifths of the time. Each column's sum still sees the same additions in the same
 * order, rounded to a float at each (the sums are stored in a Float32Array), so the result is identical.
 */
function boxFilterColumns(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = rows - window;
  const phase4 = half - 1;
  const sums = new Float32Array(cols);
  let left = 0;
  let right = 0;
  let out = 0;
  let size = 0;
  for (let i = 0; i < phase1; i++, right += cols) {
    for (let j = 0; j < cols; j++) sums[j] = sums[j]! + input[right + j]!;
    size++;
  }
  for (let i = 0; i < phase2; i++, right += cols, out += cols) {
    size++;
    for (let j = 0; j < cols; j++) {
      sums[j] = sums[j]! + input[right + j]!;
      output[out + j] = sums[j]! / size;
    }
  }
  for (let i = 0; i < phase3; i++, left += cols, right += cols, out += cols) {
    for (let j = 0; j < cols; j++) {
      sums[j] = sums[j]! + input[right + j]!;
      sums[j] = sums[j]! - input[left + j]!;
      output[out + j] = sums[j]! / size;
    }
  }
  for (let i = 0; i < phase4; i++, left += cols, out += cols) {
    size--;
    for (let j = 0; j < cols; j++) {
      sums[j] = sums[j]! - input[left + j]!;
      output[out + j] = sums[j]! / size;
    }
  }
}

function decimate(input: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.trunc(((i + 0.5) * rows) / 64);
    for (let j = 0; j < 64; j++) out[i * 64 + j] = input[row * cols + Math.trunc(((j + 0.5) * cols) / 64)]!;
  }
  return out;
}

/** The reference's image-domain quality: the sum of absolute gradients between neighbours, scaled to 0–100. */
function qualityOf(block: Float32Array): number {
  let gradients = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) gradients += Math.abs(Math.trunc(f(f(f(block[i * 64 + j]! - block[(i + 1) * 64 + j]!) * 100) / 255)));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) gradients += Math.abs(Math.trunc(f(f(f(block[i * 64 + j]! - block[i * 64 + j + 1]!) * 100) / 255)));
  }
  return Math.min(100, Math.trunc(gradients / 90));
}

/** B = D · A · Dᵀ for the 16×64 matrix D: the 16×16 low-frequency DCT coefficients without the DC terms. */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    const d = i * 64;
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(DCT_16x64[d + k]! * a[k * 64 + j]!));
      t[i * 64 + j] = sum;
    }
  }
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(t[i * 64 + k]! * DCT_16x64[j * 64 + k]!));
      b[i * 16 + j] = sum;
    }
  }
  return b;
}

function bitsOf(coefficients: Float32Array): string {
  const median = torbenMedian(coefficients);
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (coefficients[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  return hash256Hex(words);
}

/** Torben's median, as the reference computes it (for 256 values, the 128th smallest): no sorting, no copy. */
function torbenMedian(m: Float32Array): number {
  const n = m.length;
  let min = m[0]!;
  let max = m[0]!;
  for (let i = 1; i < n; i++) {
    if (m[i]! < min) min = m[i]!;
    if (m[i]! > max) max = m[i]!;
  }
  const half = (n + 1) >> 1;
  for (;;) {
    const guess = f((min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxBelow = min;
    let minAbove = max;
    for (let i = 0; i < n; i++) {
      const v = m[i]!;
      if (v < guess) {
        less++;
        if (v > maxBelow) maxBelow = v;
      } else if (v > guess) {
        greater++;
        if (v < minAbove) minAbove = v;
      } else {
        equal++;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return maxBelow;
      if (less + equal >= half) return guess;
      return minAbove;
    }
    if (less > greater) max = maxBelow;
    else min = minAbove;
  }
}
