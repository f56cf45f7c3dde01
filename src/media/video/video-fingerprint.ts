import type { ProbeInput } from '../probe/media-probe.js';
import { float32Blob } from '../tmk/tmk-blobs.js';
import { TMK_COEFFICIENTS, TMK_PERIODS_SECONDS, TMK_VERSION } from '../tmk/tmk-parameters.js';
import { frameHashes, frameTimeoutMs } from './frame-hashes.js';

/** PDQ's guidance: a frame hash under this quality is not matched on. */
const MIN_MATCH_QUALITY = 50;

/** What `vigil media hash` prints for a video: its frame hashes counted, and its TMK+PDQF fingerprint summed up. */
export interface VideoFingerprint {
  kind: 'video';
  /** Seconds, as the file claims. */
  duration: number | null;
  /** Frames hashed a second. */
  fps: number;
  framesHashed: number;
  /** Frames whose PDQ quality is high enough to match on. */
  framesMatchable: number;
  tmk: {
    algorithm: 'TMK+PDQF';
    version: string;
    periodsSeconds: number[];
    coefficients: number;
    frames: number;
    stillness: number;
    /** The mean frame feature (level 1 compares these): 256 32-bit little-endian floats, base64. */
    average: string;
  };
}

/** Hashes a video's frames (one ffmpeg pass, from the loopback lender) and sums up the result; nothing is stored. */
export async function videoFingerprint(
  input: ProbeInput,
  durationSeconds: number | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<VideoFingerprint> {
  const hashes = await frameHashes(input, { timeoutMs: frameTimeoutMs(durationSeconds), ...(options.signal ? { signal: options.signal } : {}) });
  const tmk = hashes.tmk!;
  return {
    kind: 'video',
    duration: durationSeconds ?? null,
    fps: hashes.fps,
    framesHashed: hashes.frames.length,
    framesMatchable: hashes.frames.filter((f) => f.quality >= MIN_MATCH_QUALITY).length,
    tmk: {
      algorithm: 'TMK+PDQF',
      version: TMK_VERSION,
      periodsSeconds: [...TMK_PERIODS_SECONDS],
      coefficients: TMK_COEFFICIENTS,
      frames: tmk.frames,
      stillness: Math.round(tmk.stillness * 1000) / 1000,
      average: float32Blob(tmk.average).toString('base64'),
    },
  };
}
