import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHashService, mediaSweepJob } from '../../src/media/index.js';
import { catalogueItem } from '../../src/media/catalogue-item.js';
import { MediaCatalogueRepository } from '../../src/media/media-catalogue-repository.js';
import { burnedInTime, sampleTimes } from '../../src/media/ocr/burned-in-time.js';
import { frameHashes } from '../../src/media/video/frame-hashes.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';
import { cctvClip, FONTS, type CctvClip } from '../helpers/cctv-clips.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';

const pgUp = await postgresAvailable();
const epoch = (iso: string) => Date.parse(`${iso}Z`) / 1000;

/** CCTV-like clips: several fonts, sizes, positions, date orders and backgrounds, light and dark overlays. */
const CLIPS: Record<string, CctvClip & { expected: string }> = {
  'top-left.mp4': {
    startEpoch: epoch('2024-03-01T10:20:30'),
    expected: '2024-03-01T10:20:30',
    format: '%Y-%m-%d %H:%M:%S',
    font: FONTS.dejavuMono,
    size: 24,
    position: 'top-left',
    style: 'light',
    background: 'testsrc2',
    seconds: 12,
  },
  'bottom-right.mp4': {
    startEpoch: epoch('2023-11-17T23:59:41'),
    expected: '2023-11-17T23:59:41',
    format: '%d.%m.%Y %H:%M:%S',
    font: FONTS.liberationSans,
    size: 30,
    position: 'bottom-right',
    style: 'light',
    background: 'mandelbrot',
    seconds: 10,
  },
  'top-right-dark.mp4': {
    startEpoch: epoch('2022-07-25T06:05:04'),
    expected: '2022-07-25T06:05:04',
    format: '%m-%d-%Y %H:%M:%S',
    font: FONTS.liberationMono,
    size: 20,
    position: 'top-right',
    style: 'dark',
    background: 'testsrc2',
    seconds: 8,
  },
  'bottom-left-weekday.mp4': {
    startEpoch: epoch('2025-01-09T17:45:12'),
    expected: '2025-01-09T17:45:12',
    format: '%Y/%m/%d %a %H:%M:%S',
    font: FONTS.dejavuSansBold,
    size: 22,
    position: 'bottom-left',
    style: 'light',
    background: 'testsrc2',
    seconds: 9,
    frameSize: '640x360',
  },
  'one-frame-a-second.mp4': {
    startEpoch: epoch('2021-02-28T12:00:58'),
    expected: '2021-02-28T12:00:58',
    format: '%Y-%m-%d %H:%M:%S',
    font: FONTS.dejavuMono,
    size: 18,
    position: 'top-left',
    style: 'light',
    background: 'mandelbrot',
    seconds: 10,
    rate: 1,
  },
};
const CAMERA_TEXT: Record<string, string> = { 'top-left.mp4': 'CAM 03', 'bottom-right.mp4': 'КАМЕРА 2' };
const CAMERA_READ: Record<string, RegExp> = { 'top-left.mp4': /^CAM 03$/, 'bottom-right.mp4': /^КАМЕРА 2$/ };

let dir: string;

function ffmpeg(args: string[]) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args.slice(0, -1), '-threads', '1', path.join(dir, args.at(-1)!)]);
}

// Every clip is made once, for both the file tests and the analyses on each database.
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-burned-in-'));
  for (const [name, clip] of Object.entries(CLIPS)) cctvClip(path.join(dir, name), { ...clip, camera: CAMERA_TEXT[name] });
  cctvClip(path.join(dir, 'still.png'), { ...CLIPS['top-left.mp4']!, camera: 'CAM 03', seconds: 1 });
  // The recorder's file says another time than its clock (a DVR set to UTC, say, or never set).
  cctvClip(path.join(dir, 'cam03.mp4'), { ...CLIPS['top-left.mp4']!, camera: 'CAM 03', seconds: 8, creationTime: '2020-01-01T00:00:00Z' });
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=704x576:rate=25', '-t', '8', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', 'no-clock.mp4']);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2', 'tone.wav']);
  fs.writeFileSync(path.join(dir, 'cut.mp4'), fs.readFileSync(path.join(dir, 'top-left.mp4')).subarray(0, 4000));
  // Its index first (faststart), then cut in the middle: the frames before the cut are read, those after fail.
  ffmpeg(['-i', path.join(dir, 'top-left.mp4'), '-c', 'copy', '-movflags', '+faststart', 'indexed.mp4']);
  const indexed = fs.readFileSync(path.join(dir, 'indexed.mp4'));
  fs.writeFileSync(path.join(dir, 'half.mp4'), indexed.subarray(0, indexed.length >> 1));
  // A strip of picture 240 wide and 6000 tall: its edge strips are kept small.
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=240x6000:rate=5', '-t', '3', '-c:v', 'libx264', '-preset', 'veryfast', 'tall.mp4']);
  fs.writeFileSync(path.join(dir, 'note.txt'), 'not media\n');
  fs.writeFileSync(path.join(dir, 'empty.mp4'), '');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the burned-in time of a file outside the vault', () => {
  const service = new MediaHashService();

  it.each(Object.keys(CLIPS))('reads the start of %s to the second', async (name) => {
    const clip = CLIPS[name]!;
    const found = await service.burnedInTimeOfFile(path.join(dir, name));
    expect(found?.start).toBe(clip.expected);
    expect(found!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(found!.confidence).toBeLessThanOrEqual(1);
    if (CAMERA_READ[name]) expect(found!.camera).toMatch(CAMERA_READ[name]);
    else expect(found!.camera).toBeUndefined();
  });

  it('reads a picture (one frame) with less confidence than a clip whose clock runs', async () => {
    const found = await service.burnedInTimeOfFile(path.join(dir, 'still.png'));
    expect(found?.start).toBe('2024-03-01T10:20:30');
    expect(found!.confidence).toBeLessThanOrEqual(0.5);
  });

  it('finds no time in a clip without a clock (an answer, not an error)', async () => {
    expect(await service.burnedInTimeOfFile(path.join(dir, 'no-clock.mp4'))).toBeNull();
  });

  it('reads the frames a clip cut short still has, and finds nothing in a strange shape, without an error', async () => {
    expect((await service.burnedInTimeOfFile(path.join(dir, 'half.mp4')))?.start).toBe('2024-03-01T10:20:30');
    expect(await service.burnedInTimeOfFile(path.join(dir, 'tall.mp4'))).toBeNull();
  });

  it.each([
    ['note.txt', /note\.txt: not a video or picture Vigil can read/],
    ['tone.wav', /tone\.wav: is audio/],
    ['cut.mp4', /cut\.mp4: not a video or picture Vigil can read/],
    ['empty.mp4', /empty\.mp4: is empty/],
    ['missing.mp4', /missing\.mp4: no such file/],
  ])('says why %s has no burned-in time to read', async (name, message) => {
    await expect(service.burnedInTimeOfFile(path.join(dir, name))).rejects.toThrow(message);
  });
});

describe('the clock strips cut by the frame pass, so that the clock is read without decoding again', () => {
  it.each(Object.keys(CLIPS))('gives the strips of %s at the sampled times, and they read as the decoded frames do', async (name) => {
    const clip = CLIPS[name]!;
    const times = sampleTimes(clip.seconds);
    const pass = await frameHashes({ file: path.join(dir, name) }, { timeoutMs: 60_000, overlayTimes: times });
    expect(pass.frames.length).toBeGreaterThanOrEqual(clip.seconds - 1);
    const overlays = pass.overlays!;
    // At one frame a second, no frame comes at or after the last time (9.5 s of a clip whose last frame is at 9 s).
    expect(overlays).toHaveLength(clip.rate === 1 ? times.length - 1 : times.length);
    for (const [i, strip] of overlays.entries()) {
      // The first frame at or after each time asked for: at one frame a second, the frame after 3.5 s is at 4 s.
      expect(strip.t).toBeGreaterThanOrEqual(times[i]! - 0.001);
      expect(strip.t).toBeLessThan(times[i]! + (clip.rate === 1 ? 1.001 : 0.1));
      expect(strip.top.width).toBeGreaterThan(0);
      expect(strip.top.pixels.length).toBe(strip.top.width * strip.top.height);
    }
    // A file that is not there: the strips alone must do, nothing is decoded again.
    const found = await burnedInTime({ file: path.join(dir, 'not-there.mp4') }, { kind: 'video', durationSeconds: clip.seconds }, { bands: overlays });
    expect(found?.start).toBe(clip.expected);
    expect(overlays.every((strip) => strip.top.pixels.every((v) => v === 0))).toBe(true);
  });

  it.each(['top-left.mp4', 'bottom-left-weekday.mp4'])(
    'reads the clock of %s in few tesseract runs: strips read again, and the names, each in one',
    async (name) => {
      const clip = CLIPS[name]!;
      const pass = await frameHashes({ file: path.join(dir, name) }, { timeoutMs: 60_000, overlayTimes: sampleTimes(clip.seconds) });
      // A tesseract first on PATH that notes each run's languages before running the real one.
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-counted-tesseract-'));
      const log = path.join(bin, 'runs.log');
      const real = execFileSync('which', ['tesseract']).toString().trim();
      fs.writeFileSync(path.join(bin, 'tesseract'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
      const savedPath = process.env.PATH;
      process.env.PATH = `${bin}:${savedPath}`;
      try {
        const found = await burnedInTime(
          { file: path.join(dir, 'not-there.mp4') },
          { kind: 'video', durationSeconds: clip.seconds },
          { bands: pass.overlays! },
        );
        expect(found?.start).toBe(clip.expected);
        const runs = fs.readFileSync(log, 'utf8').trim().split('\n');
        const clockRuns = runs.filter((run) => run.includes('tessedit_char_whitelist')).length;
        const letterRuns = runs.filter((run) => run.includes('rus+eng')).length;
        expect(runs).toHaveLength(clockRuns + letterRuns);
        // One run a batch of frames (three, then the other three if those do not settle it).
        expect(clockRuns).toBeGreaterThanOrEqual(1);
        expect(clockRuns).toBeLessThanOrEqual(2);
        // The strips read again with letters, one run a batch at most, and the names read once.
        if (name === 'top-left.mp4') expect(letterRuns).toBe(1);
        else expect(letterRuns).toBeLessThanOrEqual(clockRuns + 1);
      } finally {
        process.env.PATH = savedPath;
        fs.rmSync(bin, { recursive: true, force: true });
      }
    },
  );

  it('finds no clock in the strips of a clip without one, and still hashes every frame', async () => {
    const pass = await frameHashes({ file: path.join(dir, 'no-clock.mp4') }, { timeoutMs: 60_000, overlayTimes: sampleTimes(8) });
    expect(pass.frames).toHaveLength(8);
    expect(await burnedInTime({ file: path.join(dir, 'not-there.mp4') }, { kind: 'video', durationSeconds: 8 }, { bands: pass.overlays! })).toBeNull();
  });

  it('hashes the frames the same with and without the strips', async () => {
    const file = path.join(dir, 'top-left.mp4');
    const plain = await frameHashes({ file }, { timeoutMs: 60_000 });
    const withStrips = await frameHashes({ file }, { timeoutMs: 60_000, overlayTimes: sampleTimes(12) });
    expect(withStrips.frames).toEqual(plain.frames);
    expect(plain.overlays).toBeUndefined();
  });
});

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`the burned-in time on analysis, on ${kind}`, () => {
    let setup: TestWorker;
    const items = new Map<string, IngestedItem>();

    beforeAll(async () => {
      setup = await createTestWorker(kind);
      const leak = path.join(setup.home.dir, 'leak');
      fs.mkdirSync(leak);
      fs.copyFileSync(path.join(dir, 'cam03.mp4'), path.join(leak, 'cam03.mp4'));
      fs.copyFileSync(path.join(dir, 'no-clock.mp4'), path.join(leak, 'plain.mp4'));
      await setup.home.vigil.ingest.ingest([leak], {
        expandArchives: false,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => items.set(path.basename(item.paths[0]!), item),
      });
      await setup.queue.send(mediaSweepJob, {});
      while (await setup.worker.runOnce());
    }, 180_000);
    afterAll(async () => setup?.cleanup());

    it('stores the printed time, its confidence and the camera beside the file’s own time', async () => {
      const analysis = await setup.home.vigil.media.analysisOf(items.get('cam03.mp4')!.id);
      expect(analysis?.state).toBe('analysed');
      expect(analysis?.burnedIn?.start).toBe('2024-03-01T10:20:30');
      expect(analysis!.burnedIn!.confidence).toBeGreaterThanOrEqual(0.5);
      expect(analysis?.burnedIn?.camera).toBe('CAM 03');
      expect(analysis?.probe.recordedAt).toBe('2020-01-01T00:00:00.000000Z');
      expect(analysis?.tools.ocr).toMatch(/^5\./);
      const plain = await setup.home.vigil.media.analysisOf(items.get('plain.mp4')!.id);
      expect(plain?.state).toBe('analysed');
      expect(plain?.burnedIn).toBeUndefined();
    });

    it('makes the printed clock the recording time in the catalogue, keeping the file’s own time beside it', async () => {
      const rows = await new MediaCatalogueRepository(setup.home.vigil.database.db).all();
      const row = rows.find((r) => r.id === items.get('cam03.mp4')!.id)!;
      const item = catalogueItem(row, row.sources);
      expect(item).toMatchObject({
        recordedAt: '2024-03-01T10:20:30.000Z',
        recordedFrom: 'printed',
        recordedZone: false,
        fileRecordedAt: '2020-01-01T00:00:00.000Z',
        camera: 'CAM 03',
      });
      expect(item.burnedIn).toMatchObject({ at: '2024-03-01T10:20:30.000Z', camera: 'CAM 03' });
      const plainRow = rows.find((r) => r.id === items.get('plain.mp4')!.id)!;
      expect(catalogueItem(plainRow, plainRow.sources).recordedFrom).not.toBe('printed');
    });
  });
}
