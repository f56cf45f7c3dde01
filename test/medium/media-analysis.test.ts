import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue, JobWorker } from '../../src/jobs/index.js';
import { frameTimeoutMs, mediaSweepJob } from '../../src/media/index.js';
import { JobInterruptedError } from '../../src/jobs/index.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import type { TestHome } from '../helpers/vigil-home.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`media analysis as jobs on ${kind}`, () => {
    let setup: TestWorker;
    let home: TestHome;
    let queue: JobQueue;
    let worker: JobWorker;
    const items = new Map<string, IngestedItem>();

    const workUntilIdle = async () => {
      while (await worker.runOnce());
    };

    beforeAll(async () => {
      setup = await createTestWorker(kind);
      ({ home, queue, worker } = setup);
      const dir = path.join(home.dir, 'leak');
      fs.mkdirSync(dir);
      execFileSync('ffmpeg', [
        ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
        ...['-metadata', 'creation_time=2024-03-01T10:20:30Z', '-threads', '1', path.join(dir, 'clip.mp4')],
      ]);
      // A clip cut short: its start says MP4, the rest is gone.
      fs.writeFileSync(path.join(dir, 'cut.mp4'), fs.readFileSync(path.join(dir, 'clip.mp4')).subarray(0, 3000));
      fs.copyFileSync(path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg'), path.join(dir, 'photo.jpg'));
      fs.writeFileSync(path.join(dir, 'note.txt'), 'not media\n');
      // A clip whose codec is one no decoder knows: it probes, but its frames cannot be decoded.
      const clip = fs.readFileSync(path.join(dir, 'clip.mp4'));
      const tag = clip.indexOf('avc1', clip.indexOf('stsd'));
      clip.write('zzzz', tag, 'latin1');
      fs.writeFileSync(path.join(dir, 'strange-codec.mp4'), clip);
      // The same photograph turned a quarter and saved as PNG, and shrunk and recompressed; and an unrelated picture.
      const photo = path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg');
      await sharp(photo).rotate(90).png().toFile(path.join(dir, 'photo-turned.png'));
      await sharp(photo).resize(640).jpeg({ quality: 60 }).toFile(path.join(dir, 'photo-small.jpg'));
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } })
        .composite([
          {
            input: Buffer.from(
              '<svg width="400" height="300"><circle cx="120" cy="150" r="90" fill="#f5d020"/><rect x="250" y="30" width="120" height="200" fill="#e03030"/></svg>',
            ),
          },
        ])
        .png()
        .toFile(path.join(dir, 'unrelated.png'));
      await home.vigil.ingest.ingest([dir], {
        expandArchives: false,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => items.set(path.basename(item.paths[0]!), item),
      });
    });
    afterAll(async () => setup?.cleanup());

    it('sweeps the media items into analysis jobs, and the worker stores each result', async () => {
      const sweep = await queue.send(mediaSweepJob, {});
      await workUntilIdle();
      expect((await queue.get(sweep))?.progress?.message).toBe('7 items sent for analysis');

      const clip = await home.vigil.media.analysisOf(items.get('clip.mp4')!.id);
      expect(clip).toMatchObject({ state: 'analysed', probe: { kind: 'video', video: { codec: 'h264', width: 320, height: 240, frameRate: 25 } } });
      expect(clip?.tools.ffprobe).toMatch(/\d/);

      const [expected] = fs.readFileSync(path.resolve('test/fixtures/pdq/expected.csv'), 'utf8').split('\n')[0]!.split(',');
      expect(await home.vigil.media.analysisOf(items.get('photo.jpg')!.id)).toMatchObject({
        state: 'analysed',
        probe: { kind: 'image' },
        pdq: { hash: expected, quality: 100 },
      });

      const cut = await home.vigil.media.analysisOf(items.get('cut.mp4')!.id);
      expect(cut?.state).toBe('unreadable');
      expect(cut?.reason).toMatch(/\w/);

      expect(await home.vigil.media.analysisOf(items.get('note.txt')!.id)).toBeNull();
      expect(await home.vigil.media.counts()).toEqual({ analysed: 6, unreadable: 1, failed: 0 });
      // Not a failure of the analysis (retried three times), but what the file is: said in the reason.
      const strange = await home.vigil.media.analysisOf(items.get('strange-codec.mp4')!.id);
      expect(strange?.state).toBe('analysed');
      expect(strange?.reason).toMatch(/^the frames could not be hashed/);
    });

    it('logs each analysis as a decryption in the custody log', async () => {
      const leaves = await home.vigil.database.db.selectFrom('custody_leaves').selectAll().where('event', '=', 'decrypted').execute();
      const analysed = leaves.filter((leaf) => JSON.parse(leaf.data).purpose === 'media analysis').map((leaf) => leaf.item_id);
      expect(analysed.sort()).toEqual(
        ['clip.mp4', 'cut.mp4', 'photo.jpg', 'photo-turned.png', 'photo-small.jpg', 'unrelated.png', 'strange-codec.mp4']
          .map((name) => items.get(name)!.id)
          .sort(),
      );
    });

    it('clusters the copies of one photograph, turned or shrunk, and leaves an unrelated picture out', async () => {
      const { clusters: all, radius } = await home.vigil.media.duplicates();
      expect(radius).toBe(31);
      const clusters = all.filter((c) => c.items[0]?.kind === 'picture');
      expect(clusters).toHaveLength(1);
      const members = clusters[0]!.items;
      expect(members.map((m) => m.id).sort()).toEqual(['photo.jpg', 'photo-turned.png', 'photo-small.jpg'].map((name) => items.get(name)!.id).sort());
      for (const member of members) expect(member.distance).toBeLessThanOrEqual(31);
      expect(members.some((m) => m.orientation === 'rotate90' || m.orientation === 'rotate270')).toBe(true);
      expect(members.find((m) => m.id === items.get('photo-small.jpg')!.id)!.paths[0]).toMatch(/photo-small\.jpg$/);
      await expect(home.vigil.media.duplicates({ radius: 99 })).rejects.toThrow(/radius/);
    });

    it('sends nothing more on the next sweep, and analyses an item again on request', async () => {
      const sweep = await queue.send(mediaSweepJob, {});
      await workUntilIdle();
      expect((await queue.get(sweep))?.progress?.message).toBe('0 items sent for analysis');
      const clip = items.get('clip.mp4')!.id;
      const before = (await home.vigil.media.analysisOf(clip))!.analysedAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await home.vigil.media.analyseAgain([clip], queue)).toEqual([clip]);
      await workUntilIdle();
      expect((await home.vigil.media.analysisOf(clip))!.analysedAt > before).toBe(true);
    });

    it('gives the job back, storing nothing, when the worker stops in the middle of an analysis', async () => {
      const clip = items.get('clip.mp4')!.id;
      const before = await home.vigil.media.analysisOf(clip);
      const stopping = new AbortController();
      const analysing = home.vigil.media.analyse(clip, home.vigil.evidenceIdentity()!, { lastAttempt: true, signal: stopping.signal });
      stopping.abort();
      await expect(analysing).rejects.toBeInstanceOf(JobInterruptedError);
      expect(await home.vigil.media.analysisOf(clip)).toEqual(before);
    });

    it('caps the time a video may take to decode, whatever duration the file claims', () => {
      expect(frameTimeoutMs(10)).toBe(65_000);
      expect(frameTimeoutMs(4e6)).toBe(30 * 60_000);
      expect(frameTimeoutMs(Number.POSITIVE_INFINITY)).toBe(30 * 60_000);
      expect(frameTimeoutMs(undefined)).toBe(30 * 60_000);
    });

    it('leaves out, and counts, a video whose stored frame hashes are damaged', async () => {
      const clip = items.get('clip.mp4')!.id;
      const db = home.vigil.database.db as unknown as import('kysely').Kysely<{ media_frame_hashes: { item_id: string; frames: number } }>;
      const row = await db.selectFrom('media_frame_hashes').select('frames').where('item_id', '=', clip).executeTakeFirstOrThrow();
      await db
        .updateTable('media_frame_hashes')
        .set({ frames: row.frames + 1 })
        .where('item_id', '=', clip)
        .execute();
      try {
        const found = await home.vigil.media.duplicates();
        expect(found.skippedDamaged).toBe(1);
      } finally {
        await db.updateTable('media_frame_hashes').set({ frames: row.frames }).where('item_id', '=', clip).execute();
      }
    });

    it('fails the job, and does not call the file unreadable, when the vault cannot give its plaintext', async () => {
      const photo = items.get('photo.jpg')!;
      const blob = home.vigil.blobs.locate((await home.vigil.vault.describe(photo.id)).item.blob_name);
      const original = fs.readFileSync(blob);
      const damaged = Buffer.from(original);
      damaged[damaged.length - 100]! ^= 0xff;
      fs.chmodSync(blob, 0o600);
      fs.writeFileSync(blob, damaged);
      try {
        await expect(home.vigil.media.analyse(photo.id, home.vigil.evidenceIdentity()!, { lastAttempt: true })).rejects.toThrow(
          /authentication|altered|damaged/,
        );
        expect(await home.vigil.media.analysisOf(photo.id)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^the analysis failed/) });
      } finally {
        fs.writeFileSync(blob, original);
      }
    });
  });
}
