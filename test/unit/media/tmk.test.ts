import { Clusters } from '../../../src/media/clusters.js';
import { describe, expect, it } from 'vitest';
import { pdqWithFloatFromLuma } from '../../../src/media/pdq/pdq-hash.js';
import { averageOfBlob, featuresBlob, featuresOfBlob, float32Blob } from '../../../src/media/tmk/tmk-blobs.js';
import { TmkAccumulator, TMK_FEATURE_FLOATS, type TmkFeatures } from '../../../src/media/tmk/tmk-features.js';
import { MOST_TMK_CANDIDATES, MOST_TMK_STILLNESS, tmkPairs } from '../../../src/media/tmk/tmk-pairs.js';
import { TMK_PERIODS_SECONDS, TMK_WEIGHTS } from '../../../src/media/tmk/tmk-parameters.js';
import { mirroredTmk, tmkLevel1, tmkLevel2 } from '../../../src/media/tmk/tmk-score.js';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5;
  };
}

/** Frame features that drift as a scene does: each second a little away from the one before. */
function scene(seconds: number, seed: number): Float32Array[] {
  const next = random(seed);
  const frames: Float32Array[] = [];
  let feature = Float32Array.from({ length: 256 }, () => next() * 100);
  for (let t = 0; t < seconds; t++) {
    feature = feature.map((v) => v * 0.9 + next() * 40);
    frames.push(feature);
  }
  return frames;
}

function fingerprint(frames: Float32Array[]): TmkFeatures {
  const tmk = new TmkAccumulator();
  frames.forEach((frame, t) => tmk.add(frame, t));
  return tmk.finish();
}

describe('TMK+PDQF', () => {
  it("weighs coefficients by the Poullot kernel (β = 32): the reference's tabulated a_0 and a_1, then falling", () => {
    expect(TMK_WEIGHTS[0]).toBeCloseTo(0.0708041893112, 7);
    expect(TMK_WEIGHTS[1]).toBeCloseTo(0.13937789309, 7);
    expect(TMK_WEIGHTS[15]).toBeCloseTo(0.00424947117334, 7);
    for (let j = 2; j < TMK_WEIGHTS.length; j++) expect(TMK_WEIGHTS[j]).toBeLessThan(TMK_WEIGHTS[j - 1]!);
  });

  it('scores a video with itself 1 at both levels, at no shift', () => {
    const video = fingerprint(scene(400, 1));
    expect(tmkLevel1(video.average, video.average)).toBeCloseTo(1, 6);
    const self = tmkLevel2(video, video);
    expect(self.score).toBeCloseTo(1, 5);
    expect(self.offset).toBe(0);
  });

  it('scores a cut of a video high at level 2, and finds by how much it was shifted', () => {
    const frames = scene(400, 2);
    const whole = fingerprint(frames);
    const cut = fingerprint(frames.slice(60, 360));
    expect(tmkLevel1(whole.average, cut.average)).toBeGreaterThan(0.7);
    const { score, offset, period } = tmkLevel2(whole, cut);
    expect(score).toBeGreaterThan(0.7);
    // The cut starts 60 s into the whole: modulo the period, the best shift is 60 s one way.
    expect([60, period - 60]).toContain(offset);
  });

  it('scores unrelated videos low at both levels', () => {
    const scores = [3, 4, 5, 6].map((seed) => {
      const a = fingerprint(scene(300, seed));
      const b = fingerprint(scene(300, seed + 100));
      return [tmkLevel1(a.average, b.average), tmkLevel2(a, b).score];
    });
    for (const [level1, level2] of scores) {
      expect(Math.abs(level1!)).toBeLessThan(0.3);
      expect(level2).toBeLessThan(0.3);
    }
  });

  it('scores the same frames in another order low at level 2 though their mean is the same', () => {
    const frames = scene(400, 7);
    const shuffled = [...frames];
    const next = random(70);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor((next() + 0.5) * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const a = fingerprint(frames);
    const b = fingerprint(shuffled);
    expect(tmkLevel1(a.average, b.average)).toBeCloseTo(1, 5);
    expect(tmkLevel2(a, b).score).toBeLessThan(0.5);
  });

  it('mirrors a fingerprint as decoding the mirrored frames would', () => {
    const next = random(8);
    const plain = new TmkAccumulator();
    const flipped = new TmkAccumulator();
    for (let t = 0; t < 30; t++) {
      const luma = Float32Array.from({ length: 64 * 64 }, () => (next() + 0.5) * 255);
      const mirror = new Float32Array(64 * 64);
      for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) mirror[y * 64 + x] = luma[y * 64 + 63 - x]!;
      plain.add(pdqWithFloatFromLuma(luma, 64, 64).coefficients!, t);
      flipped.add(pdqWithFloatFromLuma(mirror, 64, 64).coefficients!, t);
    }
    const predicted = mirroredTmk(plain.finish());
    const decoded = flipped.finish();
    for (const part of ['average', 'cos', 'sin'] as const) {
      const a = predicted[part];
      const b = decoded[part];
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-3 * (1 + Math.abs(b[k]!)));
    }
    expect(tmkLevel2(mirroredTmk(plain.finish()), decoded).score).toBeCloseTo(1, 4);
  });

  it('measures stillness: 1 for a held picture, lower for a changing scene', () => {
    const held = fingerprint(Array.from({ length: 60 }, () => scene(1, 9)[0]!));
    expect(held.stillness).toBeCloseTo(1, 6);
    expect(fingerprint(scene(300, 10)).stillness).toBeLessThan(0.8);
  });

  it('keeps a flat frame (no detail) out of the kernel without breaking it', () => {
    const frames = [...scene(100, 11), new Float32Array(256), ...scene(100, 12)];
    const video = fingerprint(frames);
    expect(video.frames).toBe(201);
    expect([...video.cos, ...video.sin, ...video.average].every(Number.isFinite)).toBe(true);
    expect(tmkLevel2(video, video).score).toBeCloseTo(1, 5);
  });

  it('refuses a frame feature of the wrong size or time', () => {
    const tmk = new TmkAccumulator();
    expect(() => tmk.add(new Float32Array(64), 0)).toThrow(/256 values/);
    expect(() => tmk.add(new Float32Array(256), Number.NaN)).toThrow(/seconds/);
    expect(tmk.finish().frames).toBe(0);
  });

  it('stores fingerprints as 32-bit floats, and reads none back from a damaged blob', () => {
    const video = fingerprint(scene(50, 13));
    expect(averageOfBlob(float32Blob(video.average))).toEqual(video.average);
    const blob = featuresBlob(video);
    expect(blob.length).toBe(2 * TMK_FEATURE_FLOATS * 4);
    expect(blob.length).toBe(2 * TMK_PERIODS_SECONDS.length * 16 * 256 * 4);
    expect(featuresOfBlob(blob)).toEqual({ cos: video.cos, sin: video.sin });
    expect(featuresOfBlob(blob.subarray(4))).toBeNull();
    const damaged = Buffer.from(blob);
    damaged.writeFloatLE(Number.NaN, 400);
    expect(featuresOfBlob(damaged)).toBeNull();
  });

  it('pairs matching videos, mirrored ones too, but never held pictures, reading whole fingerprints only past level 1', async () => {
    const frames = scene(300, 14);
    const mirrorFrames = frames.map((f) => f.map((v, k) => (k % 2 === 0 ? -v : v)));
    const held = Array.from({ length: 60 }, () => frames[0]!);
    const videos = [
      fingerprint(frames),
      fingerprint(frames.slice(30)),
      fingerprint(scene(300, 15)),
      fingerprint(mirrorFrames),
      fingerprint(held),
      fingerprint(held),
    ];
    expect(videos[4]!.stillness).toBeGreaterThan(MOST_TMK_STILLNESS);
    const read: number[] = [];
    const pairs = await tmkPairs(
      videos,
      async (i) => {
        read.push(i);
        return videos[i]!;
      },
      new Clusters(videos.length),
    );
    // 1 and 3 are already one cluster through 0: not scored again.
    expect(pairs.map((p) => [p.a, p.b, p.mirrored])).toEqual([
      [0, 1, false],
      [0, 3, true],
    ]);
    for (const pair of pairs) expect(pair.level2).toBeGreaterThan(0.7);
    expect(pairs[0]!.level1).toBeCloseTo(tmkLevel1(videos[0]!.average, videos[1]!.average), 5);
    expect(pairs[1]!.level1).toBeCloseTo(tmkLevel1(videos[0]!.average, mirroredTmk(videos[3]!).average), 5);
    expect(read).not.toContain(2);
    expect(read).not.toContain(4);
    const knownByFramePdq = new Clusters(videos.length);
    knownByFramePdq.join(0, 1);
    const skipped = await tmkPairs(videos, async (i) => videos[i]!, knownByFramePdq);
    expect(skipped.map((p) => [p.a, p.b])).toEqual([[0, 3]]);
  });

  it('scores a clip copied hundreds of times once a copy, not once a pair of copies', async () => {
    const copy = fingerprint(scene(120, 21));
    const videos = Array.from({ length: 300 }, () => copy);
    let scored = 0;
    const pairs = await tmkPairs(
      videos,
      async () => {
        scored++;
        return copy;
      },
      new Clusters(videos.length),
    );
    // One pair joins each copy to the others: a spanning tree of the cluster, 299 pairs for 300 copies, not 44,850.
    expect(pairs).toHaveLength(299);
    expect(scored).toBeLessThan(2 * 300);
  });

  it('gives no video more than MOST_TMK_CANDIDATES level-2 scores, however many pass level 1', async () => {
    // One mean frame for all (level 1 passes for every pair), each whole fingerprint of another scene (level 2 fails).
    const videos = Array.from({ length: 100 }, (_, i) => fingerprint(scene(40, 100 + i)));
    const sameMean = videos.map((v) => ({ ...v, average: videos[0]!.average }));
    const reads = new Array<number>(videos.length).fill(0);
    const pairs = await tmkPairs(
      sameMean,
      async (i) => {
        reads[i]!++;
        return videos[i]!;
      },
      new Clusters(videos.length),
    );
    expect(pairs).toEqual([]);
    // Read once as its row's video, and once for each score it is given as the other one.
    expect(Math.max(...reads)).toBeLessThanOrEqual(MOST_TMK_CANDIDATES + 1);
    expect(Math.max(...reads)).toBeGreaterThan(MOST_TMK_CANDIDATES / 2);
  });
});
