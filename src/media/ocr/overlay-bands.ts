import type { LoopbackUrl } from '../probe/loopback-source.js';
import { LENT_INPUT_ARGS } from '../probe/media-probe.js';
import { runTool } from '../probe/run-tool.js';
import { shownFrameTimes } from '../probe/shown-frames.js';
import { parsePgms, type Grey } from './pgm.js';

/** Frames are brought to this width first, whatever their size, so that a clock's characters come out about one size. */
const WORK_WIDTH = 720;
/** The top and bottom strips read, as a share of the frame's height: CCTV clocks sit along an edge or in a corner. */
const BAND_SHARE = 1 / 6;
/** …but no taller than this (of the 720-wide frame): a hostile file 720 × 40 000 would otherwise give strips of millions of pixels. */
const MOST_BAND_ROWS = 240;
/** Enlargement of the strips before thresholding: tesseract reads characters 30 pixels and more tall best. */
export const BAND_SCALE = 3;
const MOST_PGM_BYTES = 32 * 1024 * 1024;

/** ffmpeg could not give a frame: the file's fault, not the vault's. */
export class OverlayDecodeError extends Error {
  override name = 'OverlayDecodeError';
}

export interface OverlayBands {
  top: Grey;
  bottom: Grey;
  /** Where the frame decoded is, in seconds from the start: the first frame at or after the time asked for. */
  t: number;
}

/**
 * The filters that turn the frames coming out of `from` into their top and bottom strips, stacked, grey and
 * enlarged, as `to`: one picture a frame, which splitBands takes apart again.
 */
export function bandsGraph(from: string, to: string): string {
  // Commas inside a filter's expression are escaped, as the filter graph would split on them.
  const band = `min(trunc(ih*${BAND_SHARE.toFixed(4)})\\,${MOST_BAND_ROWS})`;
  return [
    `${from},scale=${WORK_WIDTH}:-2,format=gray,split[bands_a][bands_b]`,
    `[bands_a]crop=iw:${band}:0:0[bands_top]`,
    `[bands_b]crop=iw:${band}:0:ih-${band}[bands_bottom]`,
    `[bands_top][bands_bottom]vstack,scale=iw*${BAND_SCALE}:ih*${BAND_SCALE}:flags=bicubic${to}`,
  ].join(';');
}

/** The two strips of a picture bandsGraph made, as two halves of its pixels (not copies: wiping both wipes it all). */
export function splitBands(both: Grey, t: number): OverlayBands {
  const half = both.height >> 1;
  const rows = (from: number): Grey => ({ width: both.width, height: half, pixels: both.pixels.subarray(from * both.width, (from + half) * both.width) });
  return { top: rows(0), bottom: rows(half), t };
}

/**
 * The top and bottom strips of the frame at `t` seconds (or of a picture, `t` null), grey and enlarged, decoded
 * by ffmpeg from the lent plaintext and written to a pipe as PGM: nothing reaches the disk. Null when the clip
 * has no frame there (it ends sooner than it claims).
 */
export async function overlayBands(lent: LoopbackUrl, t: number | null, options: { timeoutMs: number; signal?: AbortSignal }): Promise<OverlayBands | null> {
  const graph = bandsGraph('[0:v:0]showinfo', '[out]');
  // Messages at info level, each tagged with its level: showinfo says (at info) when the frame is, which a
  // low frame rate makes matter (at one frame a second, the frame after 3.5 s is at 4 s).
  const args = [
    ...['-hide_banner', '-nostats', '-loglevel', 'level+info', '-nostdin', ...LENT_INPUT_ARGS],
    ...['-threads', '1', ...(t === null ? [] : ['-ss', t.toFixed(3)]), '-i', lent.url],
    ...['-filter_complex', graph, '-map', '[out]', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'pgm', 'pipe:1'],
  ];
  const parts: Buffer[] = [];
  let size = 0;
  const run = await runTool('ffmpeg', args, {
    timeoutMs: options.timeoutMs,
    env: lent.env,
    ...(options.signal ? { signal: options.signal } : {}),
    onStdout: (data) => {
      size += data.length;
      if (size <= MOST_PGM_BYTES) parts.push(data);
    },
  });
  const bytes = Buffer.concat(parts);
  for (const part of parts) part.fill(0);
  try {
    const failure = lent.sourceError();
    if (failure) throw failure;
    if (run.aborted) throw new Error('the reading of the burned-in time was stopped');
    if (run.timedOut) throw new OverlayDecodeError(`ffmpeg gave no frame within ${Math.round(options.timeoutMs / 1000)} s`);
    if (bytes.length === 0) {
      if (run.status === 0) return null;
      const reason = run.stderr
        .replaceAll(lent.env.http_proxy ?? lent.url, 'the lender')
        .replaceAll(lent.url, 'the file')
        .split('\n')
        .filter((line) => /\[(error|fatal|panic)\]/.test(line))
        .map((line) => line.replace(/^(\[[^\]]*\]\s*)+/, '').trim())
        .pop();
      throw new OverlayDecodeError(`ffmpeg could not decode a frame: ${reason || `it exited with ${run.status}`}`);
    }
    const [both] = parsePgms(bytes);
    if (!both || size > MOST_PGM_BYTES) {
      both?.pixels.fill(0);
      throw new OverlayDecodeError('ffmpeg gave no whole frame');
    }
    // showinfo's time of the frame, counted from where ffmpeg was told to seek; the time asked for when it cannot be trusted.
    const shown = shownFrameTimes(run.stderr, { truncated: run.stderrTruncated })?.[0] ?? 0;
    return splitBands(both, (t ?? 0) + shown);
  } finally {
    bytes.fill(0);
  }
}
