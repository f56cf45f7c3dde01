import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';

/**
 * A generated archive: one clip (a Mandelbrot zoom, so that every second looks different), its variants as a
 * leak holds them, and unrelated clips: every variant must land in the original's cluster with the right
 * segment, and nothing unrelated may. The cropped and mirrored copies share no frame PDQ with the original
 * (their frames are 44–108 bits away): TMK+PDQF joins them.
 */
const VARIANTS: Record<string, string[]> = {
  'reencoded.mp4': ['-c:v', 'libx264', '-crf', '35'],
  'scaled.mp4': ['-vf', 'scale=320:180'],
  'greyscale.mp4': ['-vf', 'format=gray,format=yuv420p'],
  'letterboxed.mp4': ['-vf', 'pad=480:360:0:45:black'],
  'logo.mp4': ['-vf', 'drawbox=x=390:y=8:w=75:h=30:color=white@0.8:t=fill'],
  'sepia.mp4': ['-vf', 'colorchannelmixer=.393:.769:.189:0:.349:.686:.168:0:.272:.534:.131'],
  // A tenth cut off each side, and scaled back.
  'cropped.mp4': ['-vf', 'crop=iw*0.8:ih*0.8,scale=480:270'],
  'mirrored.mp4': ['-vf', 'hflip'],
};
/** Found by their TMK+PDQF fingerprints alone. */
const FINGERPRINTED = ['cropped.mp4', 'mirrored.mp4'];

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
    // Two recordings of one empty room by a fixed camera (one picture, each with its own sensor noise): alike
    // in every frame, yet not one recording.
    for (const [name, seed] of [
      ['room-morning.mp4', 1],
      ['room-evening.mp4', 2],
    ] as const) {
      const still = `testsrc=size=480x270:rate=25,trim=end_frame=1,loop=-1:1,setpts=N/25/TB,noise=alls=12:allf=t:all_seed=${seed}`;
      ffmpeg('-f', 'lavfi', '-i', still, '-t', '10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, name));
    }
    // A camera panning slowly over a still scene, and stills taken from it at 9 s: as a PNG, and mirrored as a JPEG;
    // a still of the empty room, which is like every frame of both recordings of it; and a picture of nothing here.
    const pan = "mandelbrot=size=960x540:inner=convergence,trim=end_frame=1,loop=-1:1,setpts=N/25/TB,crop=480:270:x='t*6':y=120";
    ffmpeg('-f', 'lavfi', '-i', pan, '-t', '16', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, 'pan.mp4'));
    ffmpeg('-ss', '9', '-i', path.join(dir, 'pan.mp4'), '-frames:v', '1', path.join(dir, 'still.png'));
    ffmpeg('-ss', '9', '-i', path.join(dir, 'pan.mp4'), '-frames:v', '1', '-vf', 'hflip', '-q:v', '6', path.join(dir, 'still-mirrored.jpg'));
    ffmpeg('-ss', '5', '-i', path.join(dir, 'room-morning.mp4'), '-frames:v', '1', path.join(dir, 'room.png'));
    ffmpeg('-f', 'lavfi', '-i', 'cellauto=size=480x270:rule=110', '-frames:v', '1', path.join(dir, 'unrelated.png'));
    await home.vigil.ingest.ingest([dir], {
      expandArchives: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
      onItem: (item) => items.set(path.basename(item.paths[0]!), item),
    });
    for (const item of items.values()) await home.vigil.media.analyse(item.id, identity, { lastAttempt: true });
  }, 400_000);
  afterAll(async () => home?.cleanup());

  /** The cluster of the Mandelbrot zoom, whatever else the archive holds. */
  const originalCluster = async (options: { keepOnly?: ReadonlySet<string> } = {}) =>
    (await home.vigil.media.duplicates(options)).clusters.find((c) => c.items.some((i) => i.id === items.get('original.mp4')!.id));

  it('puts every variant in the original cluster, and no unrelated clip', async () => {
    const cluster = (await originalCluster())!;
    const names = ['original.mp4', ...Object.keys(VARIANTS), 'trimmed.mp4'];
    expect(cluster.items.map((i) => i.id).sort()).toEqual(names.map((n) => items.get(n)!.id).sort());
  });

  it('joins a still taken from the footage, mirrored or not, to the video, and says where in it the frame is', async () => {
    const id = (name: string) => items.get(name)!.id;
    const { clusters } = await home.vigil.media.duplicates();
    const cluster = clusters.find((c) => c.items.some((i) => i.id === id('pan.mp4')))!;
    expect(cluster.items.map((i) => i.id).sort()).toEqual([id('pan.mp4'), id('still.png'), id('still-mirrored.jpg')].sort());
    for (const [name, mirrored] of [
      ['still.png', false],
      ['still-mirrored.jpg', true],
    ] as const) {
      const still = cluster.stills?.find((s) => s.picture === id(name));
      expect(still, name).toMatchObject({ video: id('pan.mp4') });
      // Within a second: the frames are hashed one a second.
      expect(still!.at).toBeGreaterThanOrEqual(8);
      expect(still!.at).toBeLessThanOrEqual(10);
      expect(still!.distance).toBeLessThanOrEqual(31);
      expect(still!.orientation === 'original', name).toBe(!mirrored);
    }
    expect(clusters.some((c) => c.items.some((i) => i.id === id('unrelated.png')))).toBe(false);
    // A viewer who may not see the video sees the two stills as one picture cluster, with no still pointing at it.
    const hidden = await home.vigil.media.duplicates({ keepOnly: new Set([id('still.png'), id('still-mirrored.jpg')]) });
    expect(hidden.clusters.map((c) => c.items.map((i) => i.id).sort())).toEqual([[id('still.png'), id('still-mirrored.jpg')].sort()]);
    expect(hidden.clusters[0]!.stills).toBeUndefined();
  });

  it('does not join two recordings of one empty room through a still of it', async () => {
    const id = (name: string) => items.get(name)!.id;
    const { clusters } = await home.vigil.media.duplicates();
    const joined = clusters.find((c) => c.items.some((i) => i.id === id('room-morning.mp4')) && c.items.some((i) => i.id === id('room-evening.mp4')));
    expect(joined).toBeUndefined();
  });

  it('joins the cropped and mirrored copies by TMK+PDQF, both levels over 0.7, the mirrored one as mirrored', async () => {
    const cluster = (await originalCluster())!;
    const mirrored = items.get('mirrored.mp4')!.id;
    for (const name of FINGERPRINTED) {
      const copy = items.get(name)!.id;
      // Joined to the cluster by one pair, with whichever member TMK scored first (a pair inside a cluster is not scored again).
      const pair = cluster.tmk?.find((p) => [p.a, p.b].includes(copy));
      expect(pair, name).toBeDefined();
      expect(pair!.level1).toBeGreaterThanOrEqual(0.7);
      expect(pair!.level2).toBeGreaterThanOrEqual(0.7);
      expect(pair!.mirrored).toBe([pair!.a, pair!.b].filter((id) => id === mirrored).length === 1);
      // Not a segment: no frame of it matched by PDQ.
      expect(cluster.segments.some((s) => [s.a, s.b].includes(copy))).toBe(false);
    }
  });

  it('clusters over what the viewer may see only, TMK pairs included', async () => {
    const id = (name: string) => items.get(name)!.id;
    const videoClusters = async (names: string[]) =>
      (await home.vigil.media.duplicates({ keepOnly: new Set(names.map(id)) })).clusters.filter((c) => c.items.some((i) => i.kind === 'video'));
    const pair = await videoClusters(['original.mp4', 'cropped.mp4', 'unrelated-1.mp4']);
    expect(pair.map((c) => c.items.map((i) => i.id).sort())).toEqual([[id('original.mp4'), id('cropped.mp4')].sort()]);
    expect(pair[0]!.tmk).toHaveLength(1);
    // Without the original, the cropped copy has nothing of its own to join: neither the unrelated clips nor the room.
    const without = await videoClusters(['cropped.mp4', 'unrelated-1.mp4', 'unrelated-2.mp4', 'room-morning.mp4']);
    expect(without).toEqual([]);
  });

  it('stores a TMK+PDQF fingerprint beside the frame hashes', async () => {
    const db = home.vigil.database.db as unknown as import('kysely').Kysely<{
      media_tmk: { item_id: string; frames: number; stillness: number; average: Uint8Array; features: Uint8Array };
    }>;
    const row = await db.selectFrom('media_tmk').selectAll().where('item_id', '=', items.get('original.mp4')!.id).executeTakeFirstOrThrow();
    expect(row.frames).toBe(16);
    expect(row.average.length).toBe(256 * 4);
    expect(row.features.length).toBe(2 * 4 * 16 * 256 * 4);
    const room = await db.selectFrom('media_tmk').select('stillness').where('item_id', '=', items.get('room-morning.mp4')!.id).executeTakeFirstOrThrow();
    expect(room.stillness).toBeGreaterThan(0.95);
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
