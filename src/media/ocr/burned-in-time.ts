import { fileSource, serveOnLoopback } from '../probe/loopback-source.js';
import type { ProbeInput } from '../probe/media-probe.js';
import type { BurnedInTime } from '../media-schemas.js';
import { cameraName } from './camera-name.js';
import { clockStart, type FrameReading } from './clock-progression.js';
import { parseClockText, wallClockIso } from './clock-text.js';
import { BAND_SCALE, OverlayDecodeError, overlayBands, type OverlayBands } from './overlay-bands.js';
import { overlayText, type Polarity } from './overlay-mask.js';
import type { Grey } from './pgm.js';
import { readLines, type ReadOptions } from './tesseract.js';

/** Frames read across a clip: enough to outvote a misreading or two, few enough to stay quick. */
const MOST_FRAMES = 6;
const FRAME_TIMEOUT_MS = 30_000;
/** The whole reading of one file gives up after this, whatever is left to read. */
export const BURNED_IN_TIMEOUT_MS = 3 * 60_000;

type Place = { band: 'top' | 'bottom'; polarity: Polarity };
const PLACES: Place[] = [
  { band: 'top', polarity: 'light' },
  { band: 'bottom', polarity: 'light' },
  { band: 'top', polarity: 'dark' },
  { band: 'bottom', polarity: 'dark' },
];

/**
 * The date and time a recorder printed on the picture, at the clip's first frame: the top and bottom strips of a
 * few frames spread across the clip are read with tesseract, and the readings are believed only as far as they
 * agree with a clock that runs with the video (see clockStart). A picture is one frame. Null when no clock is
 * found; that is an answer, not an error. A file ffmpeg cannot decode throws OverlayDecodeError.
 */
export async function burnedInTime(
  input: ProbeInput,
  media: { kind: 'video' | 'image'; durationSeconds?: number | undefined },
  options: { timeoutMs?: number; signal?: AbortSignal; bands?: OverlayBands[] } = {},
): Promise<BurnedInTime | null> {
  const deadline = Date.now() + (options.timeoutMs ?? BURNED_IN_TIMEOUT_MS);
  const signal = options.signal ? { signal: options.signal } : {};
  const frames = options.bands ? cutFrames(options.bands) : await decodedFrames(input);
  const readings: Array<FrameReading & { text: Grey }> = [];
  let sampled = 0;
  let firstError: Error | null = null;
  try {
    const times = media.kind === 'image' ? [null] : spread(sampleTimes(media.durationSeconds));
    // The first, last and middle frames first, read in one tesseract run; the rest only when those do not settle it.
    for (const batch of [times.slice(0, FIRST_FRAMES), times.slice(FIRST_FRAMES)]) {
      if (batch.length === 0 || enoughRead(readings, sampled)) break;
      const candidates: Candidate[] = [];
      for (const t of batch) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let bands: OverlayBands | null;
        try {
          bands = await frames.at(t, { timeoutMs: Math.min(FRAME_TIMEOUT_MS, left), ...signal });
        } catch (error) {
          if (!(error instanceof OverlayDecodeError)) throw error;
          firstError ??= error;
          continue;
        }
        if (bands === null) continue;
        sampled++;
        try {
          for (const place of PLACES) {
            const text = overlayText(bands[place.band], place.polarity, BAND_SCALE);
            if (text !== null) candidates.push({ frame: sampled, t: bands.t, text });
          }
        } finally {
          bands.top.pixels.fill(0);
          bands.bottom.pixels.fill(0);
        }
      }
      readings.push(...(await clockReadings(candidates, { ...signal, deadline })));
    }
    if (sampled === 0 && firstError) throw firstError;
    const found = clockStart(readings, sampled);
    if (found === null) return null;
    const result: BurnedInTime = { start: wallClockIso(found.start), confidence: found.confidence };
    const name = await printedName(found.agreeing as typeof readings, { ...signal, deadline });
    if (name) result.camera = name;
    return result;
  } finally {
    for (const reading of readings) reading.text.pixels.fill(0);
    await frames.close();
  }
}

/** Where the strips of the frame at a time come from. */
interface StripSource {
  at(t: number | null, options: { timeoutMs: number; signal?: AbortSignal }): Promise<OverlayBands | null>;
  close(): Promise<void>;
}

/** Each frame decoded by an ffmpeg run of its own, from the plaintext lent on the loopback. */
async function decodedFrames(input: ProbeInput): Promise<StripSource> {
  const lent = await serveOnLoopback('source' in input ? input.source : fileSource(input.file));
  return { at: (t, options) => overlayBands(lent, t, options), close: () => lent.close() };
}

/**
 * Strips the frame pass already cut (see frameHashes' overlayTimes): for a time, the first frame at or after it, each
 * frame read once. The strips are wiped on close.
 */
function cutFrames(bands: OverlayBands[]): StripSource {
  const used = new Set<OverlayBands>();
  return {
    at: (t) => {
      const frame = bands.find((b) => b.t >= (t ?? 0) - 0.001);
      if (!frame || used.has(frame)) return Promise.resolve(null);
      used.add(frame);
      return Promise.resolve({ top: frame.top, bottom: frame.bottom, t: frame.t });
    },
    close: () => {
      for (const b of bands) {
        b.top.pixels.fill(0);
        b.bottom.pixels.fill(0);
      }
      return Promise.resolve();
    },
  };
}

/** A cleaned strip of one frame that holds something like a line of text. */
interface Candidate {
  frame: number;
  t: number;
  text: Grey;
}

/**
 * Each frame's clock: its strips read in one tesseract run, the first (in PLACES order) that parses as a date and
 * time kept. A strip with digits enough that does not parse is read again with every character allowed (the
 * whitelist made digits of the colons: 12:30:09 as 12530709); those strips are read again together, in one more
 * run at most. Strips not kept are wiped.
 */
async function clockReadings(candidates: Candidate[], signal: ReadOptions): Promise<Array<FrameReading & { text: Grey }>> {
  const lines = await readLines(
    candidates.map((c) => c.text),
    'clock',
    signal,
  );
  const clocks = lines.map((line) => parseClockText(line.text));
  // Read again: a strip of many digits that does not parse, unless a strip before it of its frame parses as it is.
  const parsed = new Set<number>();
  const again: number[] = [];
  for (const [i, candidate] of candidates.entries()) {
    if (parsed.has(candidate.frame)) continue;
    if (clocks[i] !== null) parsed.add(candidate.frame);
    else if ((lines[i]!.text.match(/\d/g) ?? []).length >= 10) again.push(i);
  }
  const rereadLines = await readLines(
    again.map((i) => candidates[i]!.text),
    'name',
    signal,
  );
  const reread = new Map(again.map((i, n) => [i, rereadLines[n]!]));
  const found = new Map<number, FrameReading & { text: Grey }>();
  for (const [i, candidate] of candidates.entries()) {
    if (found.has(candidate.frame)) continue;
    let line = lines[i]!;
    let clock = clocks[i] ?? null;
    if (clock === null && reread.has(i)) {
      line = reread.get(i)!;
      clock = parseClockText(line.text);
    }
    if (clock !== null) found.set(candidate.frame, { t: candidate.t, clock: clock.seconds, ocrConfidence: line.confidence, text: candidate.text });
  }
  const kept = new Set([...found.values()].map((r) => r.text));
  for (const candidate of candidates) if (!kept.has(candidate.text)) candidate.text.pixels.fill(0);
  return [...found.values()];
}

/** Frames read before the reading may stop early: the first, the last and the middle one of those planned. */
const FIRST_FRAMES = 3;
/** Tesseract's own confidence (of 100) above which readings that all agree need no more frames. */
const SURE_OCR = 80;

/**
 * Whether the frames read so far settle it, so that a long archive is not read six times a clip: no clock in
 * any of the first three (a burned-in clock is on every frame), or each of them read, all agreeing, OCR sure.
 */
function enoughRead(readings: FrameReading[], sampled: number): boolean {
  if (sampled < FIRST_FRAMES) return false;
  if (readings.length === 0) return true;
  if (readings.length < sampled) return false;
  const found = clockStart(readings, sampled);
  return found !== null && found.agreeing.length === sampled && found.agreeing.every((r) => r.ocrConfidence >= SURE_OCR);
}

/** The times in the order they are read: the first, the last, the middle, then the rest, so that three span the clip. */
function spread(times: number[]): number[] {
  const first = [0, times.length - 1, Math.floor(times.length / 2)].filter((i, n, all) => i >= 0 && all.indexOf(i) === n);
  return [...first, ...times.keys()].filter((i, n, all) => all.indexOf(i) === n).map((i) => times[i]!);
}

/** Frames whose strip is read again for the camera's name: one misread letter (CAM as GAM) is outvoted. */
const NAME_FRAMES = 3;

/**
 * The camera's name, if any, printed beside the clock: the strips where the clock agreed (three at most) are read
 * once more, with letters, in one tesseract run; the name most of them give (the first frame's, when they all differ).
 */
async function printedName(agreeing: Array<{ text: Grey }>, signal: ReadOptions): Promise<string | undefined> {
  const lines = await readLines(
    agreeing.slice(0, NAME_FRAMES).map((reading) => reading.text),
    'name',
    signal,
  );
  const votes = new Map<string, number>();
  for (const line of lines) {
    const name = cameraName(line.text);
    if (name) votes.set(name, (votes.get(name) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [name, count] of votes) if (best === undefined || count > votes.get(best)!) best = name;
  return best;
}

/**
 * Where to read a clip: up to six frames spread evenly, at least a second apart, each half a second past a whole
 * second of the clip (away from the moment a clock aligned with the clip ticks, where a frame's time that is a
 * hair off would put the reading a second out).
 */
export function sampleTimes(durationSeconds: number | undefined): number[] {
  const duration = durationSeconds !== undefined && Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : 1;
  const count = Math.max(1, Math.min(MOST_FRAMES, Math.floor(duration)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.min(Math.floor(((i + 0.5) * duration) / count) + 0.5, Math.max(0, duration - 0.1));
    times.push(Math.round(t * 1000) / 1000);
  }
  return times;
}
