import { bandsGraph, splitBands, type OverlayBands } from '../ocr/overlay-bands.js';
import { parsePgms } from '../ocr/pgm.js';
import { pdqWithFloatFromLuma } from '../pdq/pdq-hash.js';
import { fileSource, serveOnLoopback } from '../probe/loopback-source.js';
import { LENT_INPUT_ARGS, type ProbeInput } from '../probe/media-probe.js';
import { runTool } from '../probe/run-tool.js';
import { shownFrameTimes } from '../probe/shown-frames.js';
import { TmkAccumulator, type TmkFeatures } from '../tmk/tmk-features.js';

/** Frames are hashed at this rate: enough to place a matching segment to the second. */
export const FRAME_HASH_FPS = 1;
/** Frames are scaled to this square before hashing: PDQ reduces to 64 × 64 anyway. */
const FRAME_SIDE = 256;
/** Ten hours of video at one frame a second; a longer file is hashed up to here. */
const MOST_FRAMES = 36_000;
/**
 * Decoding threads: one. A worker does one job at a time and workers run side by side (one a core), so a second
 * decoding thread only adds its overhead: 15 % more of ffmpeg's CPU a clip, measured on SD H.264. The hashing
 * runs beside the decoding (in the worker), so one worker alone still uses more than a core.
 */
const DECODE_THREADS = '1';
/** A row or column this dark (out of 255) all along is a bar (letterbox, pillarbox), not picture. */
const BAR_LUMA = 24;

/** A video's frames are decoded at least twice as fast as it plays, plus a minute, or the file is given up on. */
const FRAME_TIMEOUT_CAP_MS = 30 * 60_000;
export function frameTimeoutMs(durationSeconds: number | undefined): number {
  // The duration is what the file claims: a hostile one claims years. Capped, whatever it says.
  const claimed = Number.isFinite(durationSeconds) ? durationSeconds! : 3600;
  return Math.min(FRAME_TIMEOUT_CAP_MS, 60_000 + Math.ceil(Math.max(0, claimed) * 500));
}

/** ffmpeg could not decode the frames: the file's fault, not the vault's. */
export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

export interface FrameHashes {
  fps: number;
  /** One per frame, in order; `t` in seconds from the start. */
  frames: Array<{ t: number; hash: string; quality: number }>;
  /** TMK+PDQF of the same frames (their PDQ before it is cut to bits); absent from records made before it was. */
  tmk?: TmkFeatures;
}

/** What the frame pass gives besides the hashes: the strips where a recorder prints its clock, when asked for. */
export interface FramePass extends FrameHashes {
  /**
   * The top and bottom strips of the first frame at or after each of `overlayTimes`, in order; absent when they
   * were not asked for or could not be told apart (the reading of the clock then decodes them itself).
   */
  overlays?: OverlayBands[];
}

/** Strips kept from one pass, at most: six frames' take about 8 MB. */
const MOST_OVERLAY_BYTES = 32 * 1024 * 1024;

/**
 * PDQ of a video's frames, one a second: ffmpeg decodes (from the plaintext lent on the loopback), scales and greys them and writes raw frames to a pipe; black bars are cut off each frame before it
 * is hashed, so that a letterboxed copy still matches. Nothing is written to disk. The same DCT of each frame,
 * before it is cut to bits, feeds the video's TMK+PDQF fingerprint: one pass, and no frame decoded twice.
 */
export async function frameHashes(input: ProbeInput, options: { timeoutMs: number; signal?: AbortSignal; overlayTimes?: number[] }): Promise<FramePass> {
  const lent = await serveOnLoopback('source' in input ? input.source : fileSource(input.file));
  const frameBytes = FRAME_SIDE * FRAME_SIDE;
  const pending = Buffer.alloc(frameBytes);
  let filled = 0;
  const frames: FrameHashes['frames'] = [];
  const tmk = new TmkAccumulator();
  const overlayParts: Buffer[] = [];
  try {
    const overlayTimes = options.overlayTimes ?? [];
    // Times counted from the video's first frame, as the strips' are: the n-th frame hashed is then the one at n s
    // (ffmpeg counts from the file's start, which is earlier when another stream, the sound, starts first).
    const hashFilters = `setpts=PTS-STARTPTS,fps=${FRAME_HASH_FPS},scale=${FRAME_SIDE}:${FRAME_SIDE}:flags=area,format=gray`;
    const args =
      overlayTimes.length === 0
        ? [
            ...['-v', 'error', '-nostdin', ...LENT_INPUT_ARGS, '-threads', DECODE_THREADS, '-i', lent.url],
            ...['-map', '0:v:0', '-vf', hashFilters],
            ...['-frames:v', String(MOST_FRAMES), '-f', 'rawvideo', 'pipe:1'],
          ]
        : [
            // At info level, each message tagged with its level: showinfo tells when each strip's frame is.
            ...['-hide_banner', '-nostats', '-loglevel', 'level+info', '-nostdin', ...LENT_INPUT_ARGS, '-threads', DECODE_THREADS, '-i', lent.url],
            ...['-filter_complex', overlayGraph(hashFilters, overlayTimes)],
            ...['-map', '[hashed]', '-frames:v', String(MOST_FRAMES), '-f', 'rawvideo', 'pipe:1'],
            // Only the frames selected: without passthrough the muxer would repeat them up to the input's frame rate.
            ...['-map', '[bands]', '-fps_mode', 'passthrough', '-f', 'image2pipe', '-c:v', 'pgm', 'pipe:3'],
          ];
    let overlayBytes = 0;
    const run = await runTool('ffmpeg', args, {
      timeoutMs: options.timeoutMs,
      env: lent.env,
      ...(options.signal ? { signal: options.signal } : {}),
      onStdout: (data) => {
        let offset = 0;
        while (offset < data.length) {
          const n = data.copy(pending, filled, offset);
          filled += n;
          offset += n;
          if (filled === frameBytes) {
            const t = frames.length / FRAME_HASH_FPS;
            const { hash, quality, coefficients } = hashFrame(pending);
            frames.push({ t, hash, quality });
            if (coefficients !== null) tmk.add(coefficients, t);
            filled = 0;
          }
        }
      },
      ...(overlayTimes.length === 0
        ? {}
        : {
            onFd3: (data: Buffer) => {
              overlayBytes += data.length;
              if (overlayBytes <= MOST_OVERLAY_BYTES) overlayParts.push(data);
              else data.fill(0);
            },
          }),
    });
    const failure = lent.sourceError();
    if (failure) throw failure;
    if (run.aborted) throw new Error('the frame hashing was stopped');
    if (run.timedOut) throw new FrameDecodeError(`ffmpeg gave no end of frames within ${Math.round(options.timeoutMs / 1000)} s`);
    if (run.status !== 0 && frames.length === 0) {
      const reason = run.stderr
        .replaceAll(lent.env.http_proxy ?? lent.url, 'the lender')
        .replaceAll(lent.url, 'the file')
        .trim()
        .split('\n')
        .filter((line) => overlayTimes.length === 0 || /\[(error|fatal|panic)\]/.test(line))
        .map((line) => line.replace(/^(\[[^\]]*\]\s*)+/, '').trim())
        .pop();
      throw new FrameDecodeError(`ffmpeg could not decode frames: ${reason || `it exited with ${run.status}`}`);
    }
    const overlays = overlayTimes.length === 0 || overlayBytes > MOST_OVERLAY_BYTES ? null : overlaysShown(overlayParts, run.stderr, run.stderrTruncated);
    return { fps: FRAME_HASH_FPS, frames, tmk: tmk.finish(), ...(overlays ? { overlays } : {}) };
  } finally {
    pending.fill(0);
    for (const part of overlayParts) part.fill(0);
    await lent.close();
  }
}

/**
 * The pass's filters with a second branch: from the same decoded frames, the first at or after each of `times`
 * (counted from the first frame) is cut into the strips a clock is read from, so that reading it decodes nothing again.
 */
function overlayGraph(hashFilters: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  // Selected: a frame at or after a time, when no frame at or after that time was selected before it.
  const select = sorted.map((t) => `gte(t\\,${t})*(isnan(prev_selected_t)+lt(prev_selected_t\\,${t}))`).join('+');
  return [
    `[0:v:0]split=2[to_hash][to_read]`,
    `[to_hash]${hashFilters}[hashed]`,
    bandsGraph(`[to_read]setpts=PTS-STARTPTS,select=${select},showinfo`, '[bands]'),
  ].join(';');
}

/** The strips the pass wrote, each with its frame's time; null when the pictures and the times do not pair up. */
function overlaysShown(parts: Buffer[], stderr: string, truncated: boolean): OverlayBands[] | null {
  const bytes = Buffer.concat(parts);
  for (const part of parts) part.fill(0);
  try {
    const pictures = parsePgms(bytes);
    const times = shownFrameTimes(stderr, { truncated });
    if (times === null || times.length !== pictures.length) {
      for (const picture of pictures) picture.pixels.fill(0);
      return null;
    }
    return pictures.map((picture, i) => splitBands(picture, times[i]!));
  } catch {
    return null; // a PGM cut short: the clock reading decodes its own frames
  } finally {
    bytes.fill(0);
  }
}

function hashFrame(frame: Buffer): ReturnType<typeof pdqWithFloatFromLuma> {
  const { top, bottom, left, right } = pictureArea(frame);
  const rows = bottom - top;
  const cols = right - left;
  const luma = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) luma[y * cols + x] = frame[(top + y) * FRAME_SIDE + left + x]!;
  return pdqWithFloatFromLuma(luma, rows, cols);
}

/** The frame without the dark bars along its edges (a whole dark frame is kept as it is). */
function pictureArea(frame: Buffer): { top: number; bottom: number; left: number; right: number } {
  const rowDark = (y: number) => {
    for (let x = 0; x < FRAME_SIDE; x++) if (frame[y * FRAME_SIDE + x]! > BAR_LUMA) return false;
    return true;
  };
  const colDark = (x: number, top: number, bottom: number) => {
    for (let y = top; y < bottom; y++) if (frame[y * FRAME_SIDE + x]! > BAR_LUMA) return false;
    return true;
  };
  let top = 0;
  let bottom = FRAME_SIDE;
  while (top < bottom && rowDark(top)) top++;
  while (bottom > top && rowDark(bottom - 1)) bottom--;
  let left = 0;
  let right = FRAME_SIDE;
  while (left < right && colDark(left, top, bottom)) left++;
  while (right > left && colDark(right - 1, top, bottom)) right--;
  // Mostly dark (a night scene, a fade): the bars cannot be told from the picture.
  if (bottom - top < FRAME_SIDE / 4 || right - left < FRAME_SIDE / 4) return { top: 0, bottom: FRAME_SIDE, left: 0, right: FRAME_SIDE };
  return { top, bottom, left, right };
}
