import { TMK_COEFFICIENTS, TMK_DIMENSION, TMK_PERIODS_SECONDS, VIGIL_TMK_KERNEL, type TmkKernel } from './tmk-parameters.js';

/**
 * A video's TMK+PDQF fingerprint. `cos` and `sin` hold, per period and coefficient (period-major), one
 * 256-value feature each: the frames' unit PDQF weighted by cos and sin of 2πjt/T, normalised and scaled by √a_j.
 */
export interface TmkFeatures {
  /** Frame features taken in. */
  frames: number;
  /** The frames' PDQF, averaged (not normalised): level-1 compares these. */
  average: Float32Array;
  cos: Float32Array;
  sin: Float32Array;
  /**
   * 0–1: how alike the frames are to one another (the length of their unit features' mean). Near 1, the video
   * is one picture held (a fixed camera on an empty room), and TMK cannot tell one such recording from another.
   */
  stillness: number;
}

/** Floats of the cos (or sin) features: periods × coefficients × 256. */
export const TMK_FEATURE_FLOATS = TMK_PERIODS_SECONDS.length * TMK_COEFFICIENTS * TMK_DIMENSION;

/**
 * Takes a video's frame features one at a time, as the frames are decoded, so that none is kept. Each frame's
 * PDQF is scaled to length 1 and added to every period's cos and sin features, weighted by cos and sin of
 * 2πjt/T; at the end each of those is scaled to length √a_j.
 */
export class TmkAccumulator {
  private readonly sum = new Float64Array(TMK_DIMENSION);
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly unitSum = new Float64Array(TMK_DIMENSION);
  private readonly unit = new Float64Array(TMK_DIMENSION);
  private frames = 0;

  /** `kernel` other than Vigil's only to check this against the reference's own fingerprints. */
  constructor(private readonly kernel: TmkKernel = VIGIL_TMK_KERNEL) {
    this.cos = new Float64Array(kernel.periods.length * kernel.weights.length * TMK_DIMENSION);
    this.sin = new Float64Array(this.cos.length);
  }

  /** One frame's PDQF at time `t`, in the units of the kernel's periods (seconds for Vigil's). */
  add(feature: Float32Array, t: number): void {
    if (feature.length !== TMK_DIMENSION) throw new RangeError(`a PDQF frame feature has ${TMK_DIMENSION} values, not ${feature.length}`);
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`a frame's time is a number of seconds from 0, not ${t}`);
    let norm = 0;
    for (let k = 0; k < TMK_DIMENSION; k++) {
      this.sum[k]! += feature[k]!;
      norm += feature[k]! * feature[k]!;
    }
    this.frames++;
    // A flat frame (black, one colour) has no direction: it counts in the average only.
    if (norm === 0) return;
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < TMK_DIMENSION; k++) this.unit[k] = feature[k]! * scale;
    for (let k = 0; k < TMK_DIMENSION; k++) this.unitSum[k]! += this.unit[k]!;
    const m = this.kernel.weights.length;
    this.kernel.periods.forEach((period, p) => {
      for (let j = 0; j < m; j++) {
        const angle = (2 * Math.PI * j * t) / period;
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const at = (p * m + j) * TMK_DIMENSION;
        for (let k = 0; k < TMK_DIMENSION; k++) {
          this.cos[at + k]! += this.unit[k]! * c;
          this.sin[at + k]! += this.unit[k]! * s;
        }
      }
    });
  }

  /** The fingerprint of the frames taken in (all zero when there were none). */
  finish(): TmkFeatures {
    const average = new Float32Array(TMK_DIMENSION);
    if (this.frames > 0) for (let k = 0; k < TMK_DIMENSION; k++) average[k] = this.sum[k]! / this.frames;
    const cos = new Float32Array(this.cos.length);
    const sin = new Float32Array(this.sin.length);
    const m = this.kernel.weights.length;
    for (let p = 0; p < this.kernel.periods.length; p++) {
      for (let j = 0; j < m; j++) {
        const at = (p * m + j) * TMK_DIMENSION;
        normaliseInto(this.cos, cos, at, Math.sqrt(this.kernel.weights[j]!));
        normaliseInto(this.sin, sin, at, Math.sqrt(this.kernel.weights[j]!));
      }
    }
    const stillness = this.frames > 0 ? Math.hypot(...this.unitSum) / this.frames : 0;
    return { frames: this.frames, average, cos, sin, stillness };
  }
}

/** The 256 values at `at`, scaled to length `length` (left at zero when they are all zero, as sin's j = 0 is). */
function normaliseInto(from: Float64Array, to: Float32Array, at: number, length: number): void {
  let norm = 0;
  for (let k = 0; k < TMK_DIMENSION; k++) norm += from[at + k]! * from[at + k]!;
  if (norm === 0) return;
  const scale = length / Math.sqrt(norm);
  for (let k = 0; k < TMK_DIMENSION; k++) to[at + k] = from[at + k]! * scale;
}
