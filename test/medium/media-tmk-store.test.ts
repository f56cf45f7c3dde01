import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaAnalysisRepository, TmkAccumulator, tmkLevel2 } from '../../src/media/index.js';
import { ingestNamingItems } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

/** A fingerprint of made-up frame features (not of a picture: what is stored and read back is the point). */
function fingerprint(seed: number) {
  const tmk = new TmkAccumulator();
  for (let t = 0; t < 40; t++)
    tmk.add(
      Float32Array.from({ length: 256 }, (_, k) => Math.sin(seed * 7 + k * 0.37 + t * 0.11 * (k % 5))),
      t,
    );
  return tmk.finish();
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`TMK+PDQF fingerprints stored on ${kind}`, () => {
    let home: TestHome;
    let analyses: MediaAnalysisRepository;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      home = await createTestHome(kind);
      const leak = path.join(home.dir, 'leak');
      fs.mkdirSync(leak);
      for (const name of ['a.mp4', 'b.mp4']) fs.writeFileSync(path.join(leak, name), crypto.randomBytes(1000));
      await ingestNamingItems(home, leak, ids);
      analyses = new MediaAnalysisRepository(home.vigil.database.db);
    });
    afterAll(async () => home?.cleanup());

    it('reads back, float for float, what it stored with the frame hashes', async () => {
      const tmk = fingerprint(1);
      await analyses.saveFrames(ids['a.mp4']!, { fps: 1, frames: [{ t: 0, hash: 'f'.repeat(64), quality: 90 }], tmk });
      const read = await analyses.tmkFeatures(ids['a.mp4']!);
      expect(read).toEqual(tmk);
      expect(tmkLevel2(read!, tmk).score).toBeCloseTo(1, 5);
      const averages = await analyses.tmkAverages([ids['a.mp4']!, ids['b.mp4']!]);
      expect([...averages.keys()]).toEqual([ids['a.mp4']]);
      expect(averages.get(ids['a.mp4']!)).toEqual({ frames: 40, stillness: tmk.stillness, average: tmk.average });
    });

    it('drops the fingerprint when the frames are stored again without one, and skips a damaged one', async () => {
      await analyses.saveFrames(ids['b.mp4']!, { fps: 1, frames: [], tmk: fingerprint(2) });
      const db = home.vigil.database.db as unknown as import('kysely').Kysely<{ media_tmk: { item_id: string; average: Uint8Array } }>;
      await db
        .updateTable('media_tmk')
        .set({ average: Buffer.alloc(10) })
        .where('item_id', '=', ids['b.mp4']!)
        .execute();
      expect((await analyses.tmkAverages([ids['b.mp4']!])).size).toBe(0);
      await analyses.saveFrames(ids['a.mp4']!, { fps: 1, frames: [] });
      expect(await analyses.tmkFeatures(ids['a.mp4']!)).toBeNull();
    });
  });
}
