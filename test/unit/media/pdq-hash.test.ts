import { describe, expect, it } from 'vitest';
import { pdqDihedralFromLuma, pdqFromLuma } from '../../../src/media/pdq/pdq-hash.js';
import { hammingDistance256 } from '../../../src/media/pdq/hash256.js';
import { pdqLuma } from '../../../src/media/pdq/pdq-luma.js';

/** A synthetic picture with detail at several scales and no symmetry a rotation or flip would keep. */
function picture(rows: number, cols: number, seed = 1): Float32Array {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  // Amplitude falling with frequency, as in photographs.
  const waves = Array.from({ length: 40 }, () => {
    const fx = random() * 10;
    const fy = random() * 10;
    return { fx, fy, phase: random() * 6.3, amplitude: 60 / (1 + Math.hypot(fx, fy)) };
  });
  const luma = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const u = x / cols;
      const v = y / rows;
      let value = 128;
      for (const w of waves) value += (w.amplitude * Math.sin(6.2832 * (w.fx * u + w.fy * v) + w.phase)) / 4;
      luma[y * cols + x] = value;
    }
  }
  return luma;
}

type Transform = (x: number, y: number, rows: number, cols: number) => [number, number];

/** The image with each output pixel taken from the source position the transform names. */
function transformed(luma: Float32Array, rows: number, cols: number, swap: boolean, source: Transform): { luma: Float32Array; rows: number; cols: number } {
  const outRows = swap ? cols : rows;
  const outCols = swap ? rows : cols;
  const out = new Float32Array(outRows * outCols);
  for (let y = 0; y < outRows; y++) {
    for (let x = 0; x < outCols; x++) {
      const [sx, sy] = source(x, y, outRows, outCols);
      out[y * outCols + x] = luma[sy * cols + sx]!;
    }
  }
  return { luma: out, rows: outRows, cols: outCols };
}

const hashOf = (image: { luma: Float32Array; rows: number; cols: number }) => pdqFromLuma(image.luma.slice(), image.rows, image.cols).hash;

describe('PDQ of a luminance image', () => {
  it('gives 256 bits, half of them set, and a quality that detail raises', () => {
    const { hash, quality } = pdqFromLuma(picture(64, 64), 64, 64);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const ones = [...hash].reduce((n, digit) => n + [...parseInt(digit, 16).toString(2)].filter((b) => b === '1').length, 0);
    expect(ones).toBeGreaterThanOrEqual(120);
    expect(ones).toBeLessThanOrEqual(128);
    expect(quality).toBeGreaterThan(0);
    expect(pdqFromLuma(new Float32Array(64 * 64).fill(128), 64, 64).quality).toBe(0);
  });

  it('gives an empty hash of quality 0 for an image under 5 pixels on a side, as the reference does', () => {
    expect(pdqFromLuma(new Float32Array(4 * 100).fill(10), 4, 100)).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('refuses a buffer shorter than the size it is said to have', () => {
    expect(() => pdqFromLuma(new Float32Array(10), 64, 64)).toThrow(RangeError);
  });

  it('hardly changes under noise and changes completely for another picture', () => {
    const base = picture(300, 400);
    const noisy = base.map((v, i) => v + ((i * 7919) % 13) - 6);
    expect(hammingDistance256(pdqFromLuma(base.slice(), 300, 400).hash, pdqFromLuma(noisy, 300, 400).hash)).toBeLessThanOrEqual(10);
    expect(hammingDistance256(pdqFromLuma(base.slice(), 300, 400).hash, pdqFromLuma(picture(300, 400, 3), 300, 400).hash)).toBeGreaterThan(60);
  });

  describe('the eight orientations from one DCT match the hashes of the rotated and flipped images', () => {
    // At 64 × 64 there is no filter and no decimation, so the identities hold up to the order of float sums. On
    // larger images they hold only roughly, in the reference too: the box filter's even windows and the
    // decimation grid are not symmetric, and mirrored images are sampled a pixel or two apart.
    for (const [rows, cols, most] of [[64, 64, 2]] as const) {
      const luma = picture(rows, cols);
      const dihedral = pdqDihedralFromLuma(luma.slice(), rows, cols);
      const cases: Array<[keyof typeof dihedral, boolean, Transform]> = [
        ['original', false, (x, y) => [x, y]],
        ['rotate90', true, (x, y, r) => [r - 1 - y, x]], // counter-clockwise
        ['rotate180', false, (x, y, r, c) => [c - 1 - x, r - 1 - y]],
        ['rotate270', true, (x, y, _r, c) => [y, c - 1 - x]], // clockwise
        ['flipX', false, (x, y, r) => [x, r - 1 - y]], // upside down
        ['flipY', false, (x, y, _r, c) => [c - 1 - x, y]], // mirrored left to right
        ['flipPlus1', true, (x, y) => [y, x]], // transposed
        ['flipMinus1', true, (x, y, r, c) => [r - 1 - y, c - 1 - x]], // anti-transposed
      ];
      for (const [name, swap, source] of cases) {
        it(`${name}, ${rows} × ${cols}`, () => {
          const distance = hammingDistance256(dihedral[name] as string, hashOf(transformed(luma, rows, cols, swap, source)));
          expect(distance).toBeLessThanOrEqual(most);
        });
      }
    }
  });
});

/**
 * Hashes the reference C++ (ThreatExchange pdq/cpp, `pdqDihedralHash256esFromFloatLuma`) computed for these
 * luminance images, fed to it as raw floats by a ten-line harness: the same input must give the same bits.
 */
const REFERENCE = [
  {
    rows: 64,
    cols: 64,
    seed: 1,
    quality: 100,
    original: 'ce6c763cc332576bba1d3bf1730c8ea5499982938cca328447b33538837d03f7',
    rotate90: 'a9620d274e14a1eb8da02ed3ff5bc97005f96bdcf50f9330daa634ec3069e234',
    flipMinus1: 'fc3758221b41f4bed8f57b86aa0e9c2150ac3e89a05ac6658df361b9653cb761',
  },
  {
    rows: 100,
    cols: 73,
    seed: 2,
    quality: 100,
    original: 'a241a8e73b0d9a457e543c096b07b4584e41cf3dbb58227c5e2f41b633345f7d',
    rotate90: 'd160f532ef32c6dc7ee9f236bbfbddd84004264e415ff688257985b0422c093e',
    flipMinus1: '8435a067ba6797812bbca763efae88cd1551731b1508a3dd702cd0f517595c6b',
  },
  {
    rows: 256,
    cols: 256,
    seed: 3,
    quality: 100,
    original: '30322f452936cacdfcfece04d2d23fc892fecc754312ed251243791da55f9a09',
    rotate90: '1ed3e18bf91674727dd5a2ad57a99ec91b80a435a8d8551939cf8129aaaaafa0',
    flipMinus1: '4b86b4deac4321272800e77802fccb9c4ed5f160fd85004c4c92547cfffff8f5',
  },
  {
    rows: 600,
    cols: 1000,
    seed: 4,
    quality: 100,
    original: '7d087628f2dd3f71f0d9ab380cf951307825202c784d7da4fcd8fba87018f875',
    rotate90: '0c051640fcff064196bdbde774046eeb2a1cc5f657d5c0f4ee6edf1e0000c55e',
    flipMinus1: '795c4315a9ea5315c3f8f8b223513fbe7f4990a3028195a3bb3b8a5b5555924b',
  },
  {
    rows: 31,
    cols: 517,
    seed: 5,
    quality: 100,
    original: 'c54b239e74d3051fdd08561e324ff6360dafda23b0cc4a9f0912a09ebd5e33a6',
    rotate90: '896652af6327d09c08da427d4751277460b55ddd01c18ae1deb6a848f7df4d2f',
    flipMinus1: 'dc3307fa367287c95d8f1f681a15722135e20a885494dfb48bebfd1da28a18fa',
  },
];

/** The harness's input: a linear congruential sequence, rebuilt here. */
function referenceInput(rows: number, cols: number, seed: number): Float32Array {
  let state = seed;
  const luma = new Float32Array(rows * cols);
  for (let i = 0; i < luma.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    luma[i] = ((state >> 8) % 256) * 0.75 + 40 * Math.sin(i / 31);
  }
  return luma;
}

describe('PDQ against the reference implementation, bit for bit', () => {
  it.each(REFERENCE)('$rows × $cols', ({ rows, cols, seed, quality, original, rotate90, flipMinus1 }) => {
    const hashes = pdqDihedralFromLuma(referenceInput(rows, cols, seed), rows, cols);
    expect({ quality: hashes.quality, original: hashes.original, rotate90: hashes.rotate90, flipMinus1: hashes.flipMinus1 }).toEqual({
      quality,
      original,
      rotate90,
      flipMinus1,
    });
  });
});

describe('PDQ luminance from pixels', () => {
  it('weighs red, green and blue as the reference does, and ignores alpha', () => {
    const { luma } = pdqLuma({ data: new Uint8Array([255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9, 10, 20, 30, 9]), width: 4, height: 1, channels: 4 });
    [76.245, 149.685, 29.07, 18.15].forEach((expected, i) => expect(luma[i]).toBeCloseTo(expected, 3));
  });

  it('resizes an image larger than 512 to 512 × 512 by nearest neighbour, like the reference tool', () => {
    const width = 1600;
    const height = 1004;
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = i % width === 3 ? 200 : 0; // one bright column, x = 3
    const { luma, rows, cols } = pdqLuma({ data, width, height, channels: 1 });
    expect([rows, cols]).toEqual([512, 512]);
    // Column 1 samples x = floor(1 × 1600 / 512) = 3.
    expect(luma[1]).toBe(200);
    expect(luma[0]).toBe(0);
    expect(luma[2]).toBe(0);
  });

  it('keeps a smaller image as it is', () => {
    const { rows, cols } = pdqLuma({ data: new Uint8Array(300 * 200 * 3), width: 300, height: 200, channels: 3 });
    expect([rows, cols]).toEqual([200, 300]);
  });
});
