import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cctvClip, FONTS } from '../helpers/cctv-clips.js';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

describe('vigil media timestamps', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-timestamps-cli-'));
    cctvClip(path.join(dir, 'cam.mp4'), {
      startEpoch: Date.parse('2024-12-31T23:59:55Z') / 1000,
      format: '%d.%m.%Y %H:%M:%S',
      font: FONTS.dejavuMono,
      size: 24,
      position: 'bottom-right',
      style: 'light',
      camera: 'CAM 7',
      background: 'mandelbrot',
      seconds: 8,
      frameSize: '640x360',
    });
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-t', '4'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-threads', '1', path.join(dir, 'plain.mp4')],
    ]);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints {start, confidence, camera} of a clip, across midnight and the new year, without a vault (none is made)', () => {
    const home = path.join(dir, 'nothing-here');
    const run = vigil(['media', 'timestamps', '--json', path.join(dir, 'cam.mp4')], cliEnv(home));
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout.toString()) as { start: string; confidence: number; camera?: string };
    expect(printed.start).toBe('2024-12-31T23:59:55');
    expect(printed.confidence).toBeGreaterThanOrEqual(0.5);
    expect(printed.camera).toBe('CAM 7');
    expect(fs.existsSync(home)).toBe(false);
  });

  it('says so in a line a person reads, and when there is no clock', () => {
    const run = vigil(['media', 'timestamps', path.join(dir, 'cam.mp4')], cliEnv(dir));
    expect(run.stdout.toString()).toMatch(/cam\.mp4: 2024-12-31T23:59:55 \(recorder's clock, no time zone\), confidence [01]\.\d\d, camera CAM 7\n$/);
    const none = vigil(['media', 'timestamps', '--json', path.join(dir, 'plain.mp4')], cliEnv(dir));
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout.toString())).toEqual({ start: null, confidence: 0 });
  });

  it('says why it cannot read a file that is not a video or picture, and exits 1', () => {
    const run = vigil(['media', 'timestamps', path.resolve('package.json')], cliEnv(dir));
    expect(run.status).toBe(1);
    expect(run.stderr.toString()).toMatch(/package\.json: not a video or picture Vigil can read/);
  });
});
