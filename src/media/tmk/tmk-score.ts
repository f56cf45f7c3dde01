import type { TmkFeatures } from './tmk-features.js';
import { TMK_DIMENSION, VIGIL_TMK_KERNEL, type TmkKernel } from './tmk-parameters.js';

/** Level 1: the cosine of two videos' mean frame features, from −1 to 1; 0 when either has none. */
export function tmkLevel1(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < TMK_DIMENSION; k++) {
    ab += a[k]! * b[k]!;
    aa += a[k]! * a[k]!;
    bb += b[k]! * b[k]!;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/**
 * Level 2: the temporal match kernel at the best time shift, over 0–1 (a video with itself scores 1). For each
 * period T and each shift δ = 2π·offset/T it sums, over coefficients j, the cos and sin features' dot products
 * turned by jδ; the score is the best over shifts and periods, divided by the self-score a_0 + 2 Σ a_j. `offset`
 * is the shift (in the fingerprint's time steps, modulo that period) at which b's footage lines up with a's.
 */
export function tmkLevel2(
  a: Pick<TmkFeatures, 'frames' | 'cos' | 'sin'>,
  b: Pick<TmkFeatures, 'frames' | 'cos' | 'sin'>,
  kernel: TmkKernel = VIGIL_TMK_KERNEL,
): { score: number; offset: number; period: number } {
  const m = kernel.weights.length;
  let selfScore = kernel.weights[0]!;
  for (let j = 1; j < m; j++) selfScore += 2 * kernel.weights[j]!;
  let best = { score: 0, offset: 0, period: kernel.periods[0]! };
  if (a.frames === 0 || b.frames === 0) return best;
  kernel.periods.forEach((period, p) => {
    const same = new Float64Array(m); // cos·cos + sin·sin
    const cross = new Float64Array(m); // sin·cos − cos·sin
    for (let j = 0; j < m; j++) {
      const at = (p * m + j) * TMK_DIMENSION;
      let cc = 0;
      let ss = 0;
      let sc = 0;
      let cs = 0;
      for (let k = at; k < at + TMK_DIMENSION; k++) {
        cc += a.cos[k]! * b.cos[k]!;
        ss += a.sin[k]! * b.sin[k]!;
        sc += a.sin[k]! * b.cos[k]!;
        cs += a.cos[k]! * b.sin[k]!;
      }
      same[j] = j === 0 ? cc : cc + ss;
      cross[j] = j === 0 ? 0 : sc - cs;
    }
    for (let offset = 0; offset < period; offset++) {
      const delta = (2 * Math.PI * offset) / period;
      let kernelValue = same[0]!;
      for (let j = 1; j < m; j++) kernelValue += Math.cos(j * delta) * same[j]! + Math.sin(j * delta) * cross[j]!;
      const score = kernelValue / selfScore;
      if (score > best.score) best = { score, offset, period };
    }
  });
  return best;
}

/**
 * The fingerprint of the video mirrored left to right, without decoding it again: mirroring a frame flips the
 * sign of its DCT's odd horizontal frequencies (PDQF's even columns, the DC being left out), and TMK's features
 * are sums of frame features, so the same signs flip in every one of them.
 */
export function mirroredTmk(features: TmkFeatures): TmkFeatures {
  return { ...features, average: mirroredFeature(features.average), cos: mirroredFeature(features.cos), sin: mirroredFeature(features.sin) };
}

/** PDQF values (one or more 256-value features, end to end) of the frames mirrored left to right. */
export function mirroredFeature(values: Float32Array): Float32Array {
  const out = new Float32Array(values);
  for (let k = 0; k < out.length; k += 2) out[k] = -out[k]!;
  return out;
}
