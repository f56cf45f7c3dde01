import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../src/cases/evidence-repository.js';
import { derivedEntry } from '../../src/vault/index.js';
import { ingestNamingItems } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

/** A view's bytes as a source: what a tool's pipe would give. */
const viewOf = (originalId: string, name: string, bytes: Buffer) =>
  derivedEntry(originalId, name, async () => ({
    async *[Symbol.asyncIterator]() {
      yield bytes;
    },
    destroy: () => undefined,
  }));

/**
 * A view (of a restricted clip) that is byte for byte a file also found loose: that item is hidden with the
 * clip, and so must be the views made of it in turn. One step of the derived rule hid the first and not the second.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`views of views of a restricted item on ${kind}`, () => {
    let home: TestHome;
    const ids: Record<string, string> = {};
    let viewOfTwin: string;

    beforeAll(async () => {
      home = await createTestHome(kind);
      const leak = path.join(home.dir, 'leak');
      fs.mkdirSync(leak);
      const twin = crypto.randomBytes(3000);
      fs.writeFileSync(path.join(leak, 'restricted-clip.mp4'), crypto.randomBytes(3000));
      fs.writeFileSync(path.join(leak, 'twin.jpg'), twin);
      fs.writeFileSync(path.join(leak, 'open-clip.mp4'), crypto.randomBytes(3000));
      await ingestNamingItems(home, leak, ids);
      // The restricted clip's poster happens to be twin.jpg's very bytes: one item, found loose and as a view.
      await home.vigil.ingest.ingestEntries('derived', [viewOf(ids['restricted-clip.mp4']!, 'poster.jpg', twin)], {});
      const poster = crypto.randomBytes(2000);
      const stored: string[] = [];
      await home.vigil.ingest.ingestEntries('derived', [viewOf(ids['twin.jpg']!, 'poster.jpg', poster)], { onItem: (item) => stored.push(item.id) });
      viewOfTwin = stored[0]!;
      await home.vigil.ingest.ingestEntries('derived', [viewOf(ids['open-clip.mp4']!, 'poster.jpg', crypto.randomBytes(2000))], {});
      const db = home.vigil.database.db as unknown as Kysely<{
        compartments: { id: string; name: string; description: string; created_at: string };
        item_restrictions: { item_id: string; compartment_id: string; created_at: string; created_by: string | null };
      }>;
      const now = new Date().toISOString();
      await db.insertInto('compartments').values({ id: 'cmp_viewsofviews01', name: 'views of views', description: '', created_at: now }).execute();
      await db
        .insertInto('item_restrictions')
        .values({ item_id: ids['restricted-clip.mp4']!, compartment_id: 'cmp_viewsofviews01', created_at: now, created_by: null })
        .execute();
    });
    afterAll(async () => home?.cleanup());

    it('hides the twin and the views made of it from those outside, and shows them to those inside', async () => {
      const evidence = new EvidenceRepository(home.vigil.database.db);
      const outsider = { userId: 'usr_outsider', role: 'investigator' as const, compartments: new Set<string>() };
      const insider = { ...outsider, compartments: new Set(['cmp_viewsofviews01']) };
      const asked = [ids['restricted-clip.mp4']!, ids['twin.jpg']!, viewOfTwin, ids['open-clip.mp4']!];
      expect([...(await evidence.hiddenAmong(outsider, asked))].sort()).toEqual([ids['restricted-clip.mp4']!, ids['twin.jpg']!, viewOfTwin].sort());
      expect(await evidence.visibleItem(outsider, viewOfTwin)).toBeUndefined();
      expect([...(await evidence.hiddenAmong(insider, asked))]).toEqual([]);
    });
  });
}
