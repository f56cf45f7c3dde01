/**
 * The parameters of Vigil's TMK+PDQF (Temporal Match Kernel over PDQ float frame features, as ThreatExchange
 * `tmk/` defines it, BSD licence). Two fingerprints are comparable only when these are equal.
 *
 * The reference resamples to 15 frames a second and counts its periods in those frames (2731, 4391, 9767,
 * 14653: about 182, 293, 651 and 977 seconds). Vigil feeds TMK the frames the frame-hash pass already decodes,
 * one a second, so its periods are in seconds: the primes nearest the reference's periods over 15, which keeps
 * the kernel's shape in time. One frame a second is twice the rate the shortest harmonic kept (181 s / 15) needs.
 */
export const TMK_PERIODS_SECONDS: readonly number[] = [181, 293, 653, 977];

/** Von Mises kernel concentration of the reference's Poullot weights. */
const BETA = 32;

/**
 * Fourier coefficients kept of the reference's 32. Their weights fall fast: those after the 16th add up to
 * 0.7 % of a video's score with itself, and leaving them out halves what is stored (131 KB a video, not 262).
 */
export const TMK_COEFFICIENTS = 16;

/** Level-1 (cosine of mean frame features) and level-2 (time-shift-invariant kernel) thresholds validated for TMK+PDQF. */
export const TMK_LEVEL1_THRESHOLD = 0.7;
export const TMK_LEVEL2_THRESHOLD = 0.7;

/** PDQF's dimension: the 16 × 16 DCT coefficients. */
export const TMK_DIMENSION = 256;

/** What a stored fingerprint was made with, stored beside it. */
export const TMK_VERSION = `vigil-tmk-pdqf-1;periods=${TMK_PERIODS_SECONDS.join(',')};coefficients=${TMK_COEFFICIENTS};fps=1`;

/**
 * The Poullot weights a_j: the Fourier series of exp(β cos θ) normalised by its sinh, that is
 * a_0 = (I_0(β) − e^−β) / (2 sinh β) and a_j = I_j(β) / sinh β with I_j the modified Bessel function of the
 * first kind, here by its integral I_j(β) = (1/π) ∫₀^π e^{β cos θ} cos jθ dθ (scaled by e^−β to stay finite).
 */
export const TMK_WEIGHTS: Float64Array = (() => {
  const steps = 4096;
  const weights = new Float64Array(TMK_COEFFICIENTS);
  // e^β / sinh β, so that e^{β (cos θ − 1)} can be integrated without overflow.
  const scale = 2 / (1 - Math.exp(-2 * BETA));
  for (let j = 0; j < TMK_COEFFICIENTS; j++) {
    let sum = 0;
    for (let k = 0; k <= steps; k++) {
      const theta = (Math.PI * k) / steps;
      const term = Math.exp(BETA * (Math.cos(theta) - 1)) * Math.cos(j * theta);
      sum += k === 0 || k === steps ? term / 2 : term;
    }
    const besselOverSinh = (sum / steps) * scale;
    weights[j] = j === 0 ? (besselOverSinh - (2 * Math.exp(-2 * BETA)) / (1 - Math.exp(-2 * BETA))) / 2 : besselOverSinh;
  }
  return weights;
})();

/** The periods and Fourier weights a fingerprint was made with: Vigil's, or (to check the scoring) the reference's. */
export interface TmkKernel {
  periods: readonly number[];
  weights: ArrayLike<number>;
}

export const VIGIL_TMK_KERNEL: TmkKernel = { periods: TMK_PERIODS_SECONDS, weights: TMK_WEIGHTS };
