import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';

/**
 * A generated archive: one clip (a Mandelbrot zoom, so that every second looks different), its variants as a
 * leak holds them, and unrelated clips: every variant must land in the original's cluster with the right
 * segment, and nothing unrelated may.
 */
const VARIANTS: Record<string, string[]> = {
  'reencoded.mp4': ['-c:v', 'libx264', '-crf', '35'],
  'scaled.mp4': ['-vf', 'scale=320:180'],
  'greyscale.mp4': ['-vf', 'format=gray,format=yuv420p'],
  'letterboxed.mp4': ['-vf', 'pad=480:360:0:45:black'],
  'logo.mp4': ['-vf', 'drawbox=x=390:y=8:w=75:h=30:color=white@0.8:t=fill'],
  'sepia.mp4': ['-vf', 'colorchannelmixer=.393:.769:.189:0:.349:.686:.168:0:.272:.534:.131'],
};

describe('videos that share footage', () => {
  let home: TestHome;
  let identity: string;
  let dir: string;
  const items = new Map<string, IngestedItem>();
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args.slice(0, -1), '-threads', '1', args[args.length - 1]!]); // one thread: other suites run beside these

  beforeAll(async () => {
    home = await createTestHome('sqlite');
    identity = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).identity;
    dir = path.join(home.dir, 'leak');
    fs.mkdirSync(dir);
    const original = path.join(dir, 'original.mp4');
    ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=480x270:rate=25', '-t', '16', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', original);
    for (const [name, args] of Object.entries(VARIANTS)) ffmpeg('-i', original, ...args, path.join(dir, name));
    // Seconds 6 to 14 of the original, cut out.
    ffmpeg('-ss', '6', '-i', original, '-t', '8', '-c:v', 'libx264', path.join(dir, 'trimmed.mp4'));
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'life=size=480x270:rate=25:mold=10:ratio=0.2',
      '-t',
      '16',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      path.join(dir, 'unrelated-1.mp4'),
    );
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-t', '16', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, 'unrelated-2.mp4'));
    await home.vigil.ingest.ingest([dir], {
      expandArchives: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
      onItem: (item) => items.set(path.basename(item.paths[0]!), item),
    });
    for (const item of items.values()) await home.vigil.media.analyse(item.id, identity, { lastAttempt: true });
  }, 180_000);
  afterAll(async () => home?.cleanup());

  it('puts every variant in the original cluster, and no unrelated clip', async () => {
    const { clusters } = await home.vigil.media.duplicates();
    const videoClusters = clusters.filter((c) => c.items[0]?.kind === 'video');
    expect(videoClusters).toHaveLength(1);
    const names = ['original.mp4', ...Object.keys(VARIANTS), 'trimmed.mp4'];
    expect(videoClusters[0]!.items.map((i) => i.id).sort()).toEqual(names.map((n) => items.get(n)!.id).sort());
  });

  it('places the cut-out clip at seconds 6 to 14 of the original', async () => {
    const { clusters } = await home.vigil.media.duplicates();
    const original = items.get('original.mp4')!.id;
    const trimmed = items.get('trimmed.mp4')!.id;
    const segment = clusters.flatMap((c) => c.segments).find((s) => [s.a, s.b].includes(original) && [s.a, s.b].includes(trimmed))!;
    expect(segment).toBeDefined();
    const [inOriginal, inTrimmed] =
      segment.a === original
        ? [
            [segment.aStart, segment.aEnd],
            [segment.bStart, segment.bEnd],
          ]
        : [
            [segment.bStart, segment.bEnd],
            [segment.aStart, segment.aEnd],
          ];
    // To the second: frames are hashed one a second.
    expect(Math.abs(inOriginal[0]! - 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(inOriginal[1]! - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(inTrimmed[0]! - 0)).toBeLessThanOrEqual(1);
    expect(Math.abs(inTrimmed[1]! - 8)).toBeLessThanOrEqual(1);
  });

  it('stores a frame hash a second for each video', async () => {
    const analysis = await home.vigil.media.analysisOf(items.get('original.mp4')!.id);
    expect(analysis).toMatchObject({ state: 'analysed', probe: { kind: 'video' } });
  });
});
