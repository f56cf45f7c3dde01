import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameHashes } from '../../src/media/video/frame-hashes.js';

let dir: string;
const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-frame-times-'));
  const clip = path.join(dir, 'clip.mp4');
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '6'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-threads', '1', '-c:a', 'aac', clip],
  );
  // The same footage, its video starting 0.7 s after its sound (the file's start): the video stream's start_time is 0.7.
  for (const late of ['late.mkv', 'late.mp4'])
    ffmpeg('-itsoffset', '0.7', '-i', clip, '-i', clip, '-map', '0:v', '-map', '1:a', '-c', 'copy', path.join(dir, late));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the time of each frame hashed', () => {
  it.each(['late.mkv', 'late.mp4'])('counts from the first frame of the video, not the start of the file (%s)', async (name) => {
    const startTime = execFileSync('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=start_time',
      '-of',
      'csv=p=0',
      path.join(dir, name),
    ]);
    expect(Number(startTime.toString())).toBeGreaterThan(0.5);
    const original = await frameHashes({ file: path.join(dir, 'clip.mp4') }, { timeoutMs: 60_000 });
    const late = await frameHashes({ file: path.join(dir, name) }, { timeoutMs: 60_000 });
    expect(original.frames.map((f) => f.t)).toEqual([0, 1, 2, 3, 4, 5]);
    // The frame at t in the late copy is the picture at t in the original: the same hash, at the same time.
    expect(late.frames).toEqual(original.frames);
  });
});
