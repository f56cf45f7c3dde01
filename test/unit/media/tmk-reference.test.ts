import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdqWithFloatFromLuma } from '../../../src/media/pdq/pdq-hash.js';
import { pdqLuma } from '../../../src/media/pdq/pdq-luma.js';
import { TmkAccumulator } from '../../../src/media/tmk/tmk-features.js';
import { TMK_WEIGHTS } from '../../../src/media/tmk/tmk-parameters.js';
import { tmkLevel1, tmkLevel2 } from '../../../src/media/tmk/tmk-score.js';

/**
 * Vigil's TMK against the reference's own: ThreatExchange's `tmk/sample-hashes/*.tmk` (made by the reference
 * hasher: 15 frames a second of 64 × 64 RGB, its four periods, 32 coefficients) scored as its README reports
 * `tmk-two-level-score` scoring them, and its sample videos fingerprinted with its parameters as it fingerprinted
 * them. Those files are not copied here: point TMK_REFERENCE at a checkout's `tmk/` folder to run it.
 */
const reference = process.env.TMK_REFERENCE;
const dir = reference && path.join(reference, 'sample-hashes');

/** A `.tmk` file: a 32-byte header (magics, frames a second, P, m, d, frame count), periods, weights, mean, cos, sin. */
function readTmk(file: string) {
  const bytes = fs.readFileSync(path.join(dir!, file));
  const int = (at: number) => bytes.readInt32LE(at);
  expect(bytes.subarray(0, 12).toString('latin1')).toBe('TMK1FVECPDQF');
  const [periods, m, d, frames] = [int(16), int(20), int(24), int(28)];
  let at = 32;
  const floats = (n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) out[i] = bytes.readFloatLE(at);
    return out;
  };
  const periodList = Array.from({ length: periods }, (_, i) => int(at + i * 4));
  at += periods * 4;
  const weights = floats(m);
  const average = floats(d);
  const cos = floats(periods * m * d);
  const sin = floats(periods * m * d);
  return { kernel: { periods: periodList, weights }, features: { frames, average, cos, sin } };
}

/** The largest difference between two arrays' values, relative to the largest value. */
function largestDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let difference = 0;
  let largest = 0;
  for (let k = 0; k < a.length; k++) {
    difference = Math.max(difference, Math.abs(a[k]! - b[k]!));
    largest = Math.max(largest, Math.abs(b[k]!));
  }
  return difference / largest;
}

/** Pairs and their (level-1, level-2) scores as the reference's README lists them. */
const REFERENCE_SCORES: Array<[string, string, number, number]> = [
  ['chair-22-sd-grey-bar.tmk', 'chair-orig-22-sd-bar.tmk', 0.999963, 0.999964],
  ['chair-19-sd-bar.tmk', 'chair-20-sd-bar.tmk', 0.989083, 0.991138],
  ['pattern-hd-no-bar.tmk', 'pattern-longer-no-bar.tmk', 0.981078, 0.95499],
  ['chair-22-with-small-logo-bar.tmk', 'chair-orig-22-sd-bar.tmk', 0.926403, 0.953071],
  ['doorknob-hd-no-bar.tmk', 'pattern-sd-with-large-logo-bar.tmk', -0.310042, 0.017566],
  ['chair-20-sd-bar.tmk', 'pattern-sd-with-large-logo-bar.tmk', -0.083061, 0.033179],
];

describe.skipIf(reference === undefined)('TMK against the reference', () => {
  it("computes the reference's first 16 Poullot weights", () => {
    const { weights } = readTmk('chair-19-sd-bar.tmk').kernel;
    TMK_WEIGHTS.forEach((a, j) => expect(a).toBeCloseTo(weights[j]!, 7));
  });

  it.each(['chair-19-sd-bar', 'chair-22-sd-grey-bar', 'doorknob-hd-no-bar', 'pattern-sd-grey-bar'])(
    'fingerprints %s.mp4 as the reference did, value for value',
    (name) => {
      const expected = readTmk(`${name}.tmk`);
      // The reference hasher's own ffmpeg command: 64 × 64 RGB at 15 frames a second.
      const raw = execFileSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-nostdin',
          '-i',
          path.join(reference!, 'sample-videos', `${name}.mp4`),
          '-s',
          '64:64',
          '-an',
          '-f',
          'rawvideo',
          '-c:v',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          '-r',
          '15',
          'pipe:1',
        ],
        { maxBuffer: 1 << 28 },
      );
      const tmk = new TmkAccumulator(expected.kernel);
      const frameBytes = 64 * 64 * 3;
      for (let i = 0; (i + 1) * frameBytes <= raw.length; i++) {
        const { luma } = pdqLuma({ data: raw.subarray(i * frameBytes, (i + 1) * frameBytes), width: 64, height: 64, channels: 3 });
        tmk.add(pdqWithFloatFromLuma(luma, 64, 64).coefficients!, i);
      }
      const ours = tmk.finish();
      // Measured with Debian's ffmpeg 5.1 against the reference's 4.1: the same frames, every value within 2e-7.
      expect(ours.frames).toBe(expected.features.frames);
      for (const part of ['average', 'cos', 'sin'] as const) expect(largestDifference(ours[part], expected.features[part]), part).toBeLessThan(1e-5);
      expect(tmkLevel2(ours, expected.features, expected.kernel).score).toBeCloseTo(1, 5);
    },
    60_000,
  );

  it.each(REFERENCE_SCORES)('scores %s against %s as tmk-two-level-score does', (a, b, level1, level2) => {
    const [x, y] = [readTmk(a), readTmk(b)];
    expect(tmkLevel1(x.features.average, y.features.average)).toBeCloseTo(level1, 4);
    expect(tmkLevel2(x.features, y.features, x.kernel).score).toBeCloseTo(level2, 4);
  });
});
