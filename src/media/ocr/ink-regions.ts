import type { Grey } from './pgm.js';

/** An extent in a strip, in pixels, bounds included. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Blob extends Box {
  area: number;
}

/** Runs of ink along the rows: `count` of them, each a row `y`, columns `start` to `end` (included) and its region. */
export interface InkRuns {
  count: number;
  y: Int32Array;
  start: Int32Array;
  end: Int32Array;
  region: Int32Array;
}

/** Which pixels are ink: those whose value, XOR `flip` (0, or 255 to count dark as light), is at least `least`. */
export interface InkLevel {
  flip: 0 | 255;
  least: number;
}

/**
 * The 8-connected regions of ink in a picture, found run by run instead of pixel by pixel (a strip is mostly
 * blank, and a region of picture mostly long runs): each row's runs are joined to the runs they touch in the row
 * above (diagonally too), with union-find. Regions are numbered in the order their first pixel comes in row
 * order, as a flood fill scanning the rows would number them; each region's extent and area in pixels.
 */
export function inkRegions(picture: Grey, level: InkLevel): { runs: InkRuns; blobs: Blob[] } {
  const { width, height, pixels } = picture;
  const { flip, least } = level;
  let capacity = 1024;
  let y = new Int32Array(capacity);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let parent = new Int32Array(capacity);
  let count = 0;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // The earlier run is the root: a region's root is then its first run in row order.
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };
  let above = 0;
  let aboveEnd = 0;
  for (let row = 0; row < height; row++) {
    const offset = row * width;
    const rowStart = count;
    let touching = above;
    let x = 0;
    while (x < width) {
      while (x < width && (pixels[offset + x]! ^ flip) < least) x++;
      if (x === width) break;
      const first = x;
      while (x < width && (pixels[offset + x]! ^ flip) >= least) x++;
      if (count === capacity) {
        capacity *= 2;
        [y, start, end, parent] = [grown(y, capacity), grown(start, capacity), grown(end, capacity), grown(parent, capacity)];
      }
      y[count] = row;
      start[count] = first;
      end[count] = x - 1;
      parent[count] = count;
      // Runs above that end before this one starts, less one (diagonals touch), touch no later run of this row either.
      while (touching < aboveEnd && end[touching]! < first - 1) touching++;
      for (let k = touching; k < aboveEnd && start[k]! <= x; k++) union(count, k);
      count++;
    }
    above = rowStart;
    aboveEnd = count;
  }
  const region = new Int32Array(count);
  const blobs: Blob[] = [];
  for (let r = 0; r < count; r++) {
    const root = find(r);
    if (root === r) {
      region[r] = blobs.length;
      blobs.push({ top: y[r]!, bottom: y[r]!, left: start[r]!, right: end[r]!, area: 0 });
    } else region[r] = region[root]!;
    const blob = blobs[region[r]!]!;
    if (y[r]! > blob.bottom) blob.bottom = y[r]!;
    if (start[r]! < blob.left) blob.left = start[r]!;
    if (end[r]! > blob.right) blob.right = end[r]!;
    blob.area += end[r]! - start[r]! + 1;
  }
  return { runs: { count, y, start, end, region }, blobs };
}

function grown(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}
