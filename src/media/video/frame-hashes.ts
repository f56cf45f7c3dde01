import { spawn } from 'node:child_process';
import path from 'node:path';
import { pdqFromLuma } from '../pdq/pdq-hash.js';
import { serveOnLoopback } from '../probe/loopback-source.js';
import { MEDIA_FORMATS, type ProbeInput } from '../probe/media-probe.js';

/** Frames are hashed at this rate: enough to place a matching segment to the second. */
export const FRAME_HASH_FPS = 1;
/** Frames are scaled to this square before hashing: PDQ reduces to 64 × 64 anyway. */
const FRAME_SIDE = 256;
/** Ten hours of video at one frame a second; a longer file is hashed up to here. */
const MOST_FRAMES = 36_000;
/** A row or column this dark (out of 255) all along is a bar (letterbox, pillarbox), not picture. */
const BAR_LUMA = 24;

/** ffmpeg could not decode the frames: the file's fault, not the vault's. */
export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

export interface FrameHashes {
  fps: number;
  /** One per frame, in order; `t` in seconds from the start. */
  frames: Array<{ t: number; hash: string; quality: number }>;
}

/**
 * PDQ of a video's frames, one a second: ffmpeg decodes (from the file, or from the plaintext lent on the
 * loopback), scales and greys them and writes raw frames to a pipe; black bars are cut off each frame before it
 * is hashed, so that a letterboxed copy still matches. Nothing is written to disk.
 */
export async function frameHashes(input: ProbeInput, options: { timeoutMs: number }): Promise<FrameHashes> {
  const lent = 'source' in input ? await serveOnLoopback(input.source) : null;
  try {
    const target = 'file' in input ? `file:${path.resolve(input.file)}` : lent!.url;
    const args = [
      ...['-v', 'error', '-nostdin', '-protocol_whitelist', lent ? 'http,tcp' : 'file', '-format_whitelist', MEDIA_FORMATS, '-i', target],
      ...['-map', '0:v:0', '-vf', `fps=${FRAME_HASH_FPS},scale=${FRAME_SIDE}:${FRAME_SIDE}:flags=area,format=gray`],
      ...['-frames:v', String(MOST_FRAMES), '-f', 'rawvideo', 'pipe:1'],
    ];
    const frames = await new Promise<FrameHashes['frames']>((resolve, reject) => {
      const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const frameBytes = FRAME_SIDE * FRAME_SIDE;
      const pending = Buffer.alloc(frameBytes);
      let filled = 0;
      const out: FrameHashes['frames'] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      child.stdout.on('data', (data: Buffer) => {
        let offset = 0;
        while (offset < data.length) {
          const n = data.copy(pending, filled, offset);
          filled += n;
          offset += n;
          if (filled === frameBytes) {
            out.push({ t: out.length / FRAME_HASH_FPS, ...hashFrame(pending) });
            filled = 0;
          }
        }
      });
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 8192) stderr += d.toString('utf8');
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT' ? new Error("ffmpeg is not installed: media analysis needs Debian's ffmpeg") : error);
      });
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        pending.fill(0);
        if (signal === 'SIGKILL') reject(new Error(`ffmpeg gave no end of frames within ${options.timeoutMs / 1000} s`));
        else if (status !== 0 && out.length === 0)
          reject(new Error(`ffmpeg could not decode frames: ${stderr.replaceAll(target, 'the file').trim().split('\n').pop() ?? status}`));
        else resolve(out);
      });
    });
    const failure = lent?.sourceError();
    if (failure) throw failure;
    return { fps: FRAME_HASH_FPS, frames };
  } finally {
    await lent?.close();
  }
}

function hashFrame(frame: Buffer): { hash: string; quality: number } {
  const { top, bottom, left, right } = pictureArea(frame);
  const rows = bottom - top;
  const cols = right - left;
  const luma = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) luma[y * cols + x] = frame[(top + y) * FRAME_SIDE + left + x]!;
  return pdqFromLuma(luma, rows, cols);
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
