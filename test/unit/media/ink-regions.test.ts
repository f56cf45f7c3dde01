import { describe, expect, it } from 'vitest';
import { inkRegions, type Blob } from '../../../src/media/ocr/ink-regions.js';
import type { Grey } from '../../../src/media/ocr/pgm.js';

/** The plain definition the run-by-run labelling must agree with: a flood fill from each unlabelled ink pixel, in row order. */
function floodFill(picture: Grey, ink: (v: number) => boolean): { label: Int32Array; blobs: Blob[] } {
  const { width, height, pixels } = picture;
  const label = new Int32Array(width * height).fill(-1);
  const blobs: Blob[] = [];
  for (let first = 0; first < pixels.length; first++) {
    if (!ink(pixels[first]!) || label[first] !== -1) continue;
    const blob = { top: height, bottom: -1, left: width, right: -1, area: 0 };
    const stack = [first];
    label[first] = blobs.length;
    while (stack.length > 0) {
      const at = stack.pop()!;
      const [x, y] = [at % width, Math.floor(at / width)];
      blob.area++;
      [blob.top, blob.bottom, blob.left, blob.right] = [Math.min(blob.top, y), Math.max(blob.bottom, y), Math.min(blob.left, x), Math.max(blob.right, x)];
      for (let ny = y - 1; ny <= y + 1; ny++)
        for (let nx = x - 1; nx <= x + 1; nx++) {
          const next = ny * width + nx;
          if (ny < 0 || ny >= height || nx < 0 || nx >= width || !ink(pixels[next]!) || label[next] !== -1) continue;
          label[next] = blobs.length;
          stack.push(next);
        }
    }
    blobs.push(blob);
  }
  return { label, blobs };
}

/** A reproducible picture: speckle of this density over blocks and diagonal strokes (shapes joined only at corners). */
function picture(seed: number, width: number, height: number, density: number): Grey {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random() < density ? 200 + Math.floor(random() * 56) : Math.floor(random() * 200);
  for (let n = 0; n < 6; n++) {
    const [x0, y0] = [Math.floor(random() * width), Math.floor(random() * height)];
    for (let k = 0; k < 30; k++) if (x0 + k < width && y0 + k < height) pixels[(y0 + k) * width + x0 + k] = 250;
  }
  return { width, height, pixels };
}

describe('inkRegions', () => {
  it.each([
    [1, 0.05],
    [2, 0.3],
    [3, 0.5],
    [4, 0.7],
    [5, 0.95],
  ])('finds the regions a flood fill finds, numbered alike, with the same extents and areas (seed %i, density %f)', (seed, density) => {
    for (const level of [
      { flip: 0 as const, least: 215, ink: (v: number) => v >= 215 },
      { flip: 255 as const, least: 145, ink: (v: number) => v <= 110 },
    ]) {
      const grey = picture(seed, 97, 41, density);
      const expected = floodFill(grey, level.ink);
      const { runs, blobs } = inkRegions(grey, level);
      expect(blobs).toEqual(expected.blobs);
      // Each run lies on ink of its region, and the runs together cover every ink pixel once.
      const covered = new Int32Array(grey.width * grey.height).fill(-1);
      for (let r = 0; r < runs.count; r++)
        for (let x = runs.start[r]!; x <= runs.end[r]!; x++) {
          const at = runs.y[r]! * grey.width + x;
          expect(covered[at]).toBe(-1);
          covered[at] = runs.region[r]!;
        }
      expect(covered).toEqual(expected.label);
    }
  });

  it('joins shapes that touch only at a corner, on either side, and keeps apart those a pixel away', () => {
    // prettier-ignore
    const pixels = new Uint8Array([
      255, 0, 0, 255, 0,
      0, 255, 255, 0, 0,
      0, 0, 0, 0, 255,
    ]);
    expect(inkRegions({ width: 5, height: 3, pixels }, { flip: 0, least: 215 }).blobs).toEqual([
      { top: 0, bottom: 1, left: 0, right: 3, area: 4 },
      { top: 2, bottom: 2, left: 4, right: 4, area: 1 },
    ]);
  });
});
