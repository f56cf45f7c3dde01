import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

/** A clip of `seconds` from one of ffmpeg's generated sources, encoded with the arguments given, on one thread. */
function lavfiClip(file: string, source: string, seconds: number, ...args: string[]): string {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-t', String(seconds), ...args, '-threads', '1', file]);
  return file;
}

const FIXTURES = path.resolve('test/fixtures/pdq');

describe('vigil media hash', () => {
  let home: string;
  beforeAll(() => {
    assertBuilt();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-media-cli-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('prints {pdq, quality} of an image as the reference computed it, without a vault (none is made)', () => {
    const [hash, quality] = fs.readFileSync(path.join(FIXTURES, 'expected.csv'), 'utf8').split('\n')[0]!.split(',');
    const run = vigil(['media', 'hash', '--json', path.join(FIXTURES, 'bridge-mods/aaa-orig.jpg')], cliEnv(path.join(home, 'nothing-here')));
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.toString())).toMatchObject({ pdq: hash, quality: Number(quality), format: 'jpeg', width: 1600, height: 1004 });
    expect(fs.existsSync(path.join(home, 'nothing-here'))).toBe(false);
  });

  it("prints a video's fingerprint (frames hashed, TMK+PDQF summed up), alike for a copy and not for another clip", () => {
    const clip = (name: string, source: string, ...filters: string[]) =>
      lavfiClip(path.join(home, name), source, 6, ...filters, '-c:v', 'libx264', '-pix_fmt', 'yuv420p');
    const fingerprint = (file: string) => {
      const run = vigil(['media', 'hash', '--json', file], cliEnv(path.join(home, 'no-vault')));
      expect(run.stderr.toString()).toBe('');
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout.toString()) as { kind: string; duration: number; framesHashed: number; tmk: { frames: number; average: string } };
    };
    const original = fingerprint(clip('zoom.mp4', 'mandelbrot=size=320x240:rate=25'));
    const copy = fingerprint(clip('zoom-small.mp4', 'mandelbrot=size=320x240:rate=25', '-vf', 'scale=160:120'));
    const other = fingerprint(clip('other.mp4', 'testsrc2=size=320x240:rate=25'));
    expect(original).toMatchObject({ kind: 'video', fps: 1, framesHashed: 6, tmk: { algorithm: 'TMK+PDQF', frames: 6, coefficients: 16 } });
    expect(original.duration).toBeCloseTo(6, 0);
    const cosine = (a: string, b: string) => {
      const [x, y] = [a, b].map((s) => {
        const bytes = Buffer.from(s, 'base64');
        return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
      });
      const dot = (u: number[], v: number[]) => u.reduce((sum, value, i) => sum + value * v[i]!, 0);
      return dot(x!, y!) / Math.sqrt(dot(x!, x!) * dot(y!, y!));
    };
    expect(cosine(original.tmk.average, copy.tmk.average)).toBeGreaterThan(0.9);
    expect(cosine(original.tmk.average, other.tmk.average)).toBeLessThan(0.7);
    expect(fs.existsSync(path.join(home, 'no-vault'))).toBe(false);
  });

  it('says why it cannot fingerprint a video cut short, before its index or before its first frame, and exits 1', () => {
    const whole = path.join(home, 'whole.mp4');
    lavfiClip(whole, 'testsrc2=size=320x240:rate=25', 4, '-c:v', 'libx264', '-movflags', '+faststart');
    const bytes = fs.readFileSync(whole);
    // The index (moov) comes first: cut after it, ffprobe knows the video and ffmpeg decodes nothing.
    const headerOnly = path.join(home, 'header-only.mp4');
    fs.writeFileSync(headerOnly, bytes.subarray(0, bytes.indexOf('mdat') + 16));
    const noFrames = vigil(['media', 'hash', headerOnly], cliEnv(home));
    expect(noFrames.status).toBe(1);
    expect(noFrames.stderr.toString()).toMatch(
      /header-only\.mp4: (is a video, but not one of its frames could be decoded|ffmpeg could not decode frames: .+)\n$/,
    );
    // Only the start of the frames, without the index: nothing can tell it is a video.
    const headless = path.join(home, 'headless.mp4');
    fs.writeFileSync(headless, bytes.subarray(bytes.indexOf('mdat') - 4));
    const unreadable = vigil(['media', 'hash', headless], cliEnv(home));
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr.toString()).toMatch(/headless\.mp4: not an image this version can read .*, nor a video ffprobe can read/);
  });

  it('says why it cannot hash a file that is not an image, and exits 1', () => {
    const run = vigil(['media', 'hash', path.resolve('package.json')], cliEnv(home));
    expect(run.status).toBe(1);
    expect(run.stderr.toString()).toMatch(/package\.json: not an image this version can read/);
  });
});
