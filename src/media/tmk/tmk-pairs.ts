import type { TmkFeatures } from './tmk-features.js';
import { TMK_LEVEL1_THRESHOLD, TMK_LEVEL2_THRESHOLD } from './tmk-parameters.js';
import { mirroredTmk, tmkLevel2 } from './tmk-score.js';

/**
 * A video whose frames are this alike (see TmkFeatures.stillness) is a held picture: a fixed camera's empty
 * room scores level 1 and 2 near 1 against any other recording of that room, so TMK does not join it. Frame PDQ
 * still does, where a moment of one recording is in the other.
 */
export const MOST_TMK_STILLNESS = 0.95;

export interface TmkVideo {
  average: Float32Array;
  stillness: number;
}

export interface TmkPair {
  a: number;
  b: number;
  level1: number;
  level2: number;
  /** b matches a mirrored left to right. */
  mirrored: boolean;
}

/** Which videos are already known to be copies of one another: frame PDQ's clusters, joined further as TMK pairs them. */
export interface Joined {
  same(a: number, b: number): boolean;
  join(a: number, b: number): void;
}

/** Level-2 scores one video is given at the most: enough to find its copies, however many near-copies it has. */
export const MOST_TMK_CANDIDATES = 64;
/** Videos scanned at level 1 between two turns given to the event loop (a server answers meanwhile). */
const SCAN_ROWS_PER_TURN = 64;

/**
 * Pairs of videos whose TMK+PDQF fingerprints join two clusters, as the reference scores them: level 1 (the
 * cosine of their mean frame features) over its threshold, and then level 2 (the kernel at the best time shift)
 * over its own. Each pair is also scored with b mirrored. A pair already in one cluster (by frame PDQ, or by an
 * earlier pair) is not scored at all, and no video is scored at level 2 more than MOST_TMK_CANDIDATES times: a
 * clip copied a thousand times costs a thousand scores, not half a million. Whole fingerprints (128 KiB) are read
 * only for pairs that pass level 1, through `features`.
 */
export async function tmkPairs(videos: Array<TmkVideo | null>, features: (index: number) => Promise<TmkFeatures | null>, joined: Joined): Promise<TmkPair[]> {
  const units = unitAverages(videos);
  const scored = new Array<number>(videos.length).fill(0);
  const pairs: TmkPair[] = [];
  for (let a = 0; a < videos.length; a++) {
    if (a % SCAN_ROWS_PER_TURN === SCAN_ROWS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
    if (units[a] === null) continue;
    // Two whole fingerprints in memory at a time: a's, read once for its row, and the one it is scored against.
    let fa: TmkFeatures | null | undefined;
    for (let b = a + 1; b < videos.length && scored[a]! < MOST_TMK_CANDIDATES; b++) {
      if (units[b] === null || scored[b]! >= MOST_TMK_CANDIDATES) continue;
      // One pass gives both orientations: mirroring b flips the sign of its even-indexed values.
      const [even, odd] = halfDots(units[a]!, units[b]!);
      if (Math.abs(even) + odd < TMK_LEVEL1_THRESHOLD || joined.same(a, b)) continue;
      scored[a]!++;
      scored[b]!++;
      for (const [mirrored, level1] of [
        [false, even + odd],
        [true, odd - even],
      ] as const) {
        if (level1 < TMK_LEVEL1_THRESHOLD) continue;
        if (fa === undefined) fa = await features(a);
        const fb = await features(b);
        if (fa === null || fb === null) continue;
        const level2 = tmkLevel2(fa, mirrored ? mirroredTmk(fb) : fb).score;
        if (level2 < TMK_LEVEL2_THRESHOLD) continue;
        pairs.push({ a, b, level1, level2, mirrored });
        joined.join(a, b);
        break;
      }
    }
  }
  return pairs;
}

/** Each video's mean feature scaled to length 1 (so that level 1 is a dot product), or null when it is not to be paired. */
function unitAverages(videos: Array<TmkVideo | null>): Array<Float32Array | null> {
  return videos.map((video) => {
    if (video === null || video.stillness > MOST_TMK_STILLNESS) return null;
    const norm = Math.hypot(...video.average);
    if (norm === 0) return null;
    return video.average.map((v) => v / norm);
  });
}

/** The dot product of a and b split into the sums over even and over odd indices. */
function halfDots(a: Float32Array, b: Float32Array): [number, number] {
  let even = 0;
  let odd = 0;
  for (let k = 0; k < a.length; k += 2) {
    even += a[k]! * b[k]!;
    odd += a[k + 1]! * b[k + 1]!;
  }
  return [even, odd];
}
