/** One frame's reading of the printed clock: where the frame is in the clip, what the clock said, how sure OCR was. */
export interface FrameReading {
  /** Seconds from the start of the clip. */
  t: number;
  /** The clock's wall-clock time, in seconds (see parseClockText). */
  clock: number;
  /** Tesseract's confidence in the words it read, 0 to 100. */
  ocrConfidence: number;
}

export interface ClockStart {
  /** The clock's time at the clip's first frame, in whole seconds: exact when the clock ticks with the clip's whole seconds, else at most a second late. */
  start: number;
  /** 0 to 1: the share of sampled frames whose reading agrees, times OCR's own confidence. */
  confidence: number;
  /** The readings that agreed. */
  agreeing: FrameReading[];
}

/** Readings that put the clip's start within this many seconds of one another agree. */
export const AGREEMENT_SECONDS = 1.5;

/**
 * The clip's start on its printed clock, from readings at several frames: a clock that runs with the video
 * gives c_i − t_i the same for every frame (to within the second it shows), so readings are grouped by that
 * difference and the largest group is believed; the others (misread digits, another number on the picture)
 * are dropped. `sampled` is how many frames were read, readable or not. With two or more frames sampled, a
 * single reading agrees with nothing and gives no start; a picture (one frame) can only be taken at its word,
 * with half the confidence.
 */
export function clockStart(readings: FrameReading[], sampled: number): ClockStart | null {
  if (readings.length === 0 || sampled < 1) return null;
  // A clock that shows whole seconds reads c from c to just before c + 1: at the clip's start it read at most
  // c − t, and more than c − t − 1.
  const offset = (r: FrameReading) => r.clock - r.t;
  let agreeing: FrameReading[] = [];
  for (const candidate of readings) {
    const group = readings.filter((r) => Math.abs(offset(r) - offset(candidate)) <= AGREEMENT_SECONDS);
    if (group.length > agreeing.length) agreeing = group;
  }
  if (sampled >= 2 && agreeing.length < 2) return null;
  // The whole second in (c − t − 1, c − t]: exactly the start when the clock ticks with the clip's whole seconds,
  // at most a second late otherwise (a hair's tolerance for sums of binary fractions).
  const start = Math.ceil(median(agreeing.map(offset)) - 1e-6);
  const ocr = agreeing.reduce((sum, r) => sum + Math.max(0, Math.min(100, r.ocrConfidence)), 0) / agreeing.length / 100;
  const share = agreeing.length / Math.max(sampled, readings.length);
  const confidence = share * ocr * (sampled === 1 ? 0.5 : 1);
  return { start, confidence: Math.round(confidence * 100) / 100, agreeing };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
