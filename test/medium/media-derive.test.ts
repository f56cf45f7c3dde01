import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { EvidenceRepository } from '../../src/cases/evidence-repository.js';
import type { JobQueue, JobWorker } from '../../src/jobs/index.js';
import { JobCannotRunError, JobInterruptedError } from '../../src/jobs/index.js';
import { MediaDeriveService, mediaSweepJob, viewRecipes, type DerivedView, type MediaProbe, type ViewRecipe } from '../../src/media/index.js';
import type { DeriveParts } from '../../src/media/derive/media-derive-service.js';
import { fileSource, type SeekableSource } from '../../src/media/probe/loopback-source.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem, type PlaintextSource } from '../../src/vault/index.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';
import { canTraceFileWrites, watchFileWrites } from '../helpers/file-writes.js';

const pgUp = await postgresAvailable();

/** ffprobe's view of a file the test wrote. */
function probe(file: string): { format: { format_name: string; tags?: Record<string, string> }; streams: Array<Record<string, unknown>> } {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`derived views of media items on ${kind}`, () => {
    let setup: TestWorker;
    let home: TestHome;
    let queue: JobQueue;
    let worker: JobWorker;
    let identity: string;
    let out: string;
    const items = new Map<string, IngestedItem>();
    const workUntilIdle = async () => {
      while (await worker.runOnce());
    };
    const plaintext = async (id: string): Promise<Buffer> => {
      const parts: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          parts.push(Buffer.from(chunk));
          done();
        },
      });
      await home.vigil.vault.cat(id, identity, sink, 'test');
      return Buffer.concat(parts);
    };
    /** The view's plaintext, written where the test can ffprobe it. */
    const viewFile = async (view: DerivedView): Promise<string> => {
      const file = path.join(out, `${view.original}-${view.kind}`);
      fs.writeFileSync(file, await plaintext(view.item!));
      return file;
    };
    const viewsOf = async (name: string) => (await home.vigil.mediaViews.viewsOf(items.get(name)!.id)).views;

    beforeAll(async () => {
      setup = await createTestWorker(kind);
      ({ home, queue, worker } = setup);
      identity = home.vigil.evidenceIdentity()!;
      const dir = path.join(home.dir, 'leak');
      out = path.join(home.dir, 'test-out');
      fs.mkdirSync(dir);
      fs.mkdirSync(out);
      execFileSync('ffmpeg', [
        ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '3'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-threads', '1'],
        ...['-metadata', 'title=Corridor B, night shift', '-metadata', 'location=+55.7000+037.6000/', '-metadata', 'creation_time=2024-03-01T10:20:30Z'],
        path.join(dir, 'clip.mp4'),
      ]);
      fs.copyFileSync(path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg'), path.join(dir, 'photo.jpg'));
      execFileSync('exiftool', [
        ...['-q', '-overwrite_original', '-GPSLatitude=55.75', '-GPSLatitudeRef=N', '-GPSLongitude=37.61', '-GPSLongitudeRef=E'],
        ...['-Make=Canon', '-Model=EOS 5D', '-Orientation#=6', path.join(dir, 'photo.jpg')],
      ]);
      // An MJPEG clip: each frame a JPEG that carries its own EXIF (a position, the camera's make).
      execFileSync('exiftool', [
        ...['-q', '-o', path.join(out, 'frame.jpg'), '-GPSLatitude=55.75', '-GPSLatitudeRef=N', '-GPSLongitude=37.61', '-GPSLongitudeRef=E', '-Make=Canon'],
        path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg'),
      ]);
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-loop',
        '1',
        '-framerate',
        '5',
        '-t',
        '2',
        '-i',
        path.join(out, 'frame.jpg'),
        '-c:v',
        'copy',
        path.join(dir, 'mjpeg.mov'),
      ]);
      // A clip whose codec no decoder knows: it probes, but no frame of it can be decoded.
      const clip = fs.readFileSync(path.join(dir, 'clip.mp4'));
      clip.write('zzzz', clip.indexOf('avc1', clip.indexOf('stsd')), 'latin1');
      fs.writeFileSync(path.join(dir, 'strange-codec.mp4'), clip);
      fs.writeFileSync(path.join(dir, 'note.txt'), 'not media\n');
      await home.vigil.ingest.ingest([dir], {
        expandArchives: false,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => items.set(path.basename(item.paths[0]!), item),
      });
      await queue.send(mediaSweepJob, {});
      await workUntilIdle();
    }, 240_000);
    afterAll(async () => setup?.cleanup());

    it('makes every view of a video after its analysis, each a valid file of the expected shape', async () => {
      const views = await viewsOf('clip.mp4');
      expect(views.map((v) => [v.kind, v.state])).toEqual([
        ['cleaned', 'stored'],
        ['poster', 'stored'],
        ['proxy', 'stored'],
        ['sheet', 'stored'],
        ['strip', 'stored'],
      ]);
      const byKind = new Map(views.map((v) => [v.kind, v]));
      const poster = probe(await viewFile(byKind.get('poster')!));
      expect(poster.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });
      expect(probe(await viewFile(byKind.get('strip')!)).streams[0]).toMatchObject({ codec_name: 'mjpeg', height: 90, width: 8 * 160 });
      expect(probe(await viewFile(byKind.get('sheet')!)).streams[0]).toMatchObject({ codec_name: 'mjpeg' });
      expect(byKind.get('sheet')!.parameters.join(' ')).toMatch(/tile=4x4/);

      const proxyFile = await viewFile(byKind.get('proxy')!);
      const proxy = probe(proxyFile);
      expect(proxy.format.format_name).toMatch(/mp4/);
      const video = proxy.streams.find((s) => s.codec_type === 'video')!;
      expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
      expect(video.height as number).toBeLessThanOrEqual(480);
      expect(proxy.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
      // Fragmented: an empty moov, then movie fragments, so that a browser plays it as it arrives.
      const bytes = fs.readFileSync(proxyFile);
      expect(bytes.indexOf('mvex')).toBeGreaterThan(0);
      expect(bytes.indexOf('moof')).toBeGreaterThan(bytes.indexOf('moov'));
      // Decodes through to the end.
      execFileSync('ffmpeg', ['-v', 'error', '-threads', '1', '-i', proxyFile, '-f', 'null', '-']);
      expect(byKind.get('proxy')!.mediaType).toMatch(/mp4/);
    });

    it('makes a cleaned copy of the video without its tags and SEI, and names what it removed', async () => {
      const cleaned = (await viewsOf('clip.mp4')).find((v) => v.kind === 'cleaned')!;
      const file = await viewFile(cleaned);
      const original = probe(path.join(home.dir, 'leak', 'clip.mp4'));
      expect(original.format.tags).toMatchObject({ title: 'Corridor B, night shift', location: '+55.7000+037.6000/' });
      const copy = probe(file);
      expect(copy.format.tags?.title).toBeUndefined();
      expect(copy.format.tags?.location).toBeUndefined();
      expect(copy.format.tags?.creation_time).toBeUndefined();
      for (const stream of copy.streams) expect((stream.tags as Record<string, string> | undefined)?.creation_time).toBeUndefined();
      expect(fs.readFileSync(path.join(home.dir, 'leak', 'clip.mp4')).includes('x264 - core')).toBe(true);
      expect(fs.readFileSync(file).includes('x264 - core')).toBe(false);
      // The same pictures, copied, not re-encoded.
      expect(copy.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
      expect(cleaned.removed).toEqual(
        expect.arrayContaining([
          'container tag title',
          'container tag location',
          'container tag creation_time',
          'video stream 1 tag creation_time',
          'frame side data: H.26[45] User Data Unregistered SEI message',
        ]),
      );
      // Names only: the place itself is not written down again.
      expect(JSON.stringify(cleaned.removed)).not.toMatch(/55\.7/);
    });

    it('encodes an MJPEG clip anew for its cleaned copy: no frame keeps its EXIF, and the list says why', async () => {
      const firstFrameTags = (file: string) => {
        const frame = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:V:0', '-c', 'copy', '-frames:v', '1', '-f', 'image2pipe', 'pipe:1']);
        const run = spawnSync('exiftool', ['-json', '-G1', '-a', '-'], { input: frame, encoding: 'utf8' });
        return (JSON.parse(run.stdout || '[{}]') as Array<Record<string, unknown>>)[0]!;
      };
      const original = firstFrameTags(path.join(home.dir, 'leak', 'mjpeg.mov'));
      expect(original['IFD0:Make']).toBe('Canon');
      expect(Object.keys(original).filter((t) => t.startsWith('GPS:')).length).toBeGreaterThan(0);
      const cleaned = (await viewsOf('mjpeg.mov')).find((v) => v.kind === 'cleaned')!;
      expect(cleaned.state).toBe('stored');
      const file = await viewFile(cleaned);
      const tags = firstFrameTags(file);
      expect(Object.keys(tags).filter((t) => t.startsWith('GPS:'))).toEqual([]);
      expect(tags['IFD0:Make']).toBeUndefined();
      expect(fs.readFileSync(file).includes('Canon')).toBe(false);
      expect(probe(file).streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 1600, height: 1004 });
      expect(cleaned.parameters.join(' ')).toMatch(/-c:v libx264 -preset veryfast -crf 18/);
      expect(cleaned.removed?.[0]).toMatch(/^frame metadata, if any \(mjpeg video .*encoded anew as H\.264\)$/);
      execFileSync('ffmpeg', ['-v', 'error', '-threads', '1', '-i', file, '-f', 'null', '-']);
    });

    it('makes a poster and a cleaned copy of a picture: no GPS or camera left, upright, and the list says so', async () => {
      const views = await viewsOf('photo.jpg');
      expect(views.map((v) => [v.kind, v.state])).toEqual([
        ['cleaned', 'stored'],
        ['poster', 'stored'],
      ]);
      const poster = views.find((v) => v.kind === 'poster')!;
      // Turned upright (EXIF orientation 6): the 1600 × 1004 photograph stands 640 tall.
      expect(probe(await viewFile(poster)).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 402, height: 640 });
      const cleaned = views.find((v) => v.kind === 'cleaned')!;
      const tags = JSON.parse(execFileSync('exiftool', ['-json', '-G1', '-a', await viewFile(cleaned)], { encoding: 'utf8' }))[0] as Record<string, unknown>;
      expect(Object.keys(tags).filter((t) => t.startsWith('GPS:'))).toEqual([]);
      expect(tags['IFD0:Make']).toBeUndefined();
      expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
      expect(cleaned.removed).toEqual(expect.arrayContaining(['GPS:GPSLatitude', 'GPS:GPSLongitude', 'IFD0:Make', 'IFD0:Model']));
      expect(cleaned.removed).not.toContain('IFD0:Orientation');
    });

    it('records each view as a derived leaf, and the custody log and the items verify', async () => {
      const leaves = await home.vigil.database.db.selectFrom('custody_leaves').selectAll().where('event', '=', 'derived').execute();
      const clip = items.get('clip.mp4')!;
      const fromClip = leaves.map((l) => JSON.parse(l.data)).filter((d) => d.from === clip.id);
      expect(fromClip.map((d) => d.view).sort()).toEqual(['cleaned', 'poster', 'proxy', 'sheet', 'strip']);
      const cleaned = fromClip.find((d) => d.view === 'cleaned');
      expect(cleaned).toMatchObject({ fromSha256: clip.sha256, tool: 'ffmpeg', toolVersion: expect.stringMatching(/\d/) });
      expect(cleaned.parameters).toEqual(expect.arrayContaining(['-map_metadata', '-1', '-bsf:v', 'filter_units=remove_types=6', 'pipe:1']));
      expect(cleaned.removed).toContain('container tag title');
      const view = (await viewsOf('clip.mp4')).find((v) => v.kind === 'cleaned')!;
      expect([cleaned.item, cleaned.sha256]).toEqual([view.item, (await home.vigil.vault.describe(view.item!)).item.sha256]);
      expect((await home.vigil.custody.verifyLog()).problems).toEqual([]);
      const { custodySignerKey } = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
      const report = await home.vigil.verify.verify([view.item!], { identity, custodySignerKey, tsaUrl: null });
      expect([report.checked, report.failed]).toEqual([1, 0]);
    });

    it('records why a view of an undecodable clip could not be made, and makes no views of anything else', async () => {
      const views = await viewsOf('strange-codec.mp4');
      const poster = views.find((v) => v.kind === 'poster');
      expect(poster).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^ffmpeg could not make it: /) });
      expect(poster?.item).toBeUndefined();
      expect(poster?.reason).not.toMatch(/127\.0\.0\.1|vigil:/);
      expect(await viewsOf('note.txt')).toEqual([]);
    });

    it('keeps the views out of the vault list, the media sweep and derivation; lists them when asked', async () => {
      const viewIds = (await viewsOf('clip.mp4')).map((v) => v.item!);
      const listed = (await home.vigil.vault.list(null, 1000)).map((i) => i.id);
      for (const id of viewIds) expect(listed).not.toContain(id);
      expect(listed).toContain(items.get('clip.mp4')!.id);
      const all = (await home.vigil.vault.list(null, 1000, { derived: true })).map((i) => i.id);
      for (const id of viewIds) expect(all).toContain(id);
      const sweep = await queue.send(mediaSweepJob, {});
      await workUntilIdle();
      expect((await queue.get(sweep))?.progress?.message).toBe('0 items sent for analysis');
      expect(await home.vigil.mediaViews.viewsOf(viewIds[0]!)).toMatchObject({ viewOf: items.get('clip.mp4')!.id, views: [] });
      await expect(home.vigil.mediaViews.derive(viewIds[0]!, identity)).rejects.toBeInstanceOf(JobCannotRunError);
      await expect(home.vigil.mediaViews.deriveItems([viewIds[0]!], queue)).rejects.toThrow(/is a view of/);
      await expect(home.vigil.media.analyseAgain([viewIds[0]!], queue)).rejects.toThrow(/is a derived view .* analyse the original/);
      await expect(home.vigil.mediaViews.deriveItems([items.get('note.txt')!.id], queue)).rejects.toThrow(/not analysed yet/);
    });

    it('does not make a stored view again, and resumes an interrupted derivation where it stopped', async () => {
      const clip = items.get('clip.mp4')!.id;
      expect(await home.vigil.mediaViews.derive(clip, identity)).toMatchObject({ made: [], failed: [] });
      const before = await viewsOf('clip.mp4');
      const db = home.vigil.database.db as unknown as Kysely<{ media_derived_views: { original_item_id: string; kind: string } }>;
      await db.deleteFrom('media_derived_views').where('original_item_id', '=', clip).where('kind', 'in', ['poster', 'strip', 'sheet']).execute();
      const stopping = new AbortController();
      const interrupted = home.vigil.mediaViews.derive(clip, identity, {
        signal: stopping.signal,
        // The worker stops while the second view is being made: the first is kept, the second discarded.
        progress: (_done, _total, message) => {
          if (message === 'making the strip') stopping.abort();
        },
      });
      await expect(interrupted).rejects.toBeInstanceOf(JobInterruptedError);
      const between = await viewsOf('clip.mp4');
      expect(between.map((v) => v.kind)).toEqual(['cleaned', 'poster', 'proxy']);
      const resumed = await home.vigil.mediaViews.derive(clip, identity);
      expect(resumed.made.length).toBe(5 - between.length);
      const after = await viewsOf('clip.mp4');
      expect(after.map((v) => v.kind)).toEqual(['cleaned', 'poster', 'proxy', 'sheet', 'strip']);
      // The views never deleted are the same items as before.
      for (const kind of ['cleaned', 'proxy']) expect(after.find((v) => v.kind === kind)!.item).toBe(before.find((v) => v.kind === kind)!.item);
    });

    it.skipIf(!canTraceFileWrites())('writes no plaintext to any file while it makes the views: only sealed blobs and the database', async () => {
      const clip = items.get('clip.mp4')!.id;
      const photo = items.get('photo.jpg')!.id;
      const watch = await watchFileWrites();
      let written: string[];
      try {
        await home.vigil.mediaViews.derive(clip, identity, { again: true });
        await home.vigil.mediaViews.derive(photo, identity, { again: true });
      } finally {
        written = await watch.stop();
      }
      const blobs = path.join(home.dir, 'home', 'blobs');
      const allowed = (file: string) =>
        file.startsWith(`${blobs}/`) ||
        /vigil-test-[0-9a-f]+\.db(-wal|-journal|-shm)?$/.test(file) ||
        file === '/dev/null' ||
        file.startsWith('/proc/') ||
        file.startsWith('/dev/');
      expect(written.filter((file) => !allowed(file))).toEqual([]);
      // The trace saw the writes (or this test could not fail): the seven views' blobs, sealed into temporaries and
      // moved into place, each an age file.
      expect(written.filter((file) => file.startsWith(`${blobs}/`)).length).toBeGreaterThanOrEqual(7);
      for (const view of [...(await viewsOf('clip.mp4')), ...(await viewsOf('photo.jpg'))]) {
        const blob = fs.readFileSync(await home.vigil.vault.locate(view.item!));
        expect(blob.subarray(0, 22).toString('latin1')).toBe('age-encryption.org/v1\n');
      }
    });

    it('fails the derivation, storing no view, when the vault fails mid-way through what exiftool reads', async () => {
      const photo = items.get('photo.jpg')!.id;
      const db = home.vigil.database.db as unknown as Kysely<{ media_derived_views: { original_item_id: string; kind: string } }>;
      await db.deleteFrom('media_derived_views').where('original_item_id', '=', photo).where('kind', '=', 'cleaned').execute();
      const parts = (home.vigil.mediaViews as unknown as { parts: DeriveParts }).parts;
      // A damaged blob: half the plaintext, then a decryption error.
      const damaged: DeriveParts['vault'] = {
        describe: (ref) => parts.vault.describe(ref),
        lend: async (ref, who, purpose) => {
          const lent = await parts.vault.lend(ref, who, purpose);
          const range = async (start: number, end: number) => {
            const whole = await lent.source.range(start, end);
            let given = 0;
            return Readable.from(
              (async function* () {
                for await (const piece of whole as AsyncIterable<Buffer>) {
                  given += piece.length;
                  if (given > (end - start + 1) / 2) throw new Error('chunk 3 does not decrypt');
                  yield piece;
                }
              })(),
            );
          };
          return { ...lent, source: { size: lent.source.size, range } };
        },
      };
      const service = new MediaDeriveService({ ...parts, vault: damaged });
      await expect(service.derive(photo, identity)).rejects.toThrow(/does not decrypt/);
      expect((await viewsOf('photo.jpg')).map((v) => v.kind)).toEqual(['poster']);
      // Made again from the whole plaintext once the vault answers.
      expect((await home.vigil.mediaViews.derive(photo, identity)).made.map((m) => m.kind)).toEqual(['cleaned']);
    });

    it('closes the lent loopback server when a view is given up before its first byte is read', async () => {
      const listening = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
      const before = listening();
      const clipProbe: MediaProbe = { readable: true, kind: 'video', durationSeconds: 3, video: { codec: 'h264', width: 1280, height: 720 } };
      const recipe = viewRecipes(clipProbe, { fontFile: null })[0]!;
      const service = home.vigil.mediaViews as unknown as { open(r: ViewRecipe, s: SeekableSource, signal: undefined): Promise<PlaintextSource> };
      const view = await service.open(recipe, fileSource(path.join(home.dir, 'leak', 'clip.mp4')), undefined);
      expect(listening()).toBe(before + 1);
      view.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(listening()).toBeLessThanOrEqual(before);
    });

    it('hides the views of an item restricted to a compartment from everyone outside it', async () => {
      const clip = items.get('clip.mp4')!.id;
      const viewIds = (await viewsOf('clip.mp4')).map((v) => v.item!);
      const db = home.vigil.database.db as unknown as Kysely<{
        compartments: { id: string; name: string; description: string; created_at: string };
        item_restrictions: { item_id: string; compartment_id: string; created_at: string; created_by: string | null };
      }>;
      const now = new Date().toISOString();
      await db.insertInto('compartments').values({ id: 'cmp_derivedviews01', name: 'derived views', description: '', created_at: now }).execute();
      await db.insertInto('item_restrictions').values({ item_id: clip, compartment_id: 'cmp_derivedviews01', created_at: now, created_by: null }).execute();
      const evidence = new EvidenceRepository(home.vigil.database.db);
      const outsider = { userId: 'usr_outsider', role: 'investigator' as const, compartments: new Set<string>() };
      const insider = { ...outsider, compartments: new Set(['cmp_derivedviews01']) };
      const seenOutside = (await evidence.visibleItems(outsider, null, 1000)).map((i) => i.id);
      expect(seenOutside).not.toContain(clip);
      for (const id of viewIds) expect(seenOutside).not.toContain(id);
      expect([...(await evidence.hiddenAmong(outsider, viewIds))].sort()).toEqual([...viewIds].sort());
      for (const id of viewIds) expect(await evidence.visibleItem(outsider, id)).toBeUndefined();
      const seenInside = (await evidence.visibleItems(insider, null, 1000)).map((i) => i.id);
      expect(seenInside).toContain(clip);
      // Views are shown with their original (a poster on its card, say), never listed as evidence of their own.
      for (const id of viewIds) {
        expect(seenInside).not.toContain(id);
        expect(await evidence.visibleItem(insider, id)).toBeDefined();
      }
      // The photograph's views, unrestricted, stay visible to everyone.
      const photoViews = (await viewsOf('photo.jpg')).map((v) => v.item!);
      for (const id of photoViews) expect(await evidence.visibleItem(outsider, id)).toBeDefined();
      expect(seenOutside).toContain(items.get('photo.jpg')!.id);
    });
  });
}
