import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import type { ItemSort } from '../../src/vault/index.js';
import { ingestNamingItems, openUnlockedStaff } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

/**
 * The vault list sorted on the server, on both engines: by file name (lower case, character by character), size,
 * kind of file and day stored, in pages, counted; an item restricted to a compartment is neither counted nor shown
 * to anyone outside it, and an item found inside an archive hidden from them is named by a place they may see.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`the vault list on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let insider: Viewer;
    let outsider: Viewer;
    const ids: Record<string, string> = {};
    const shared = crypto.randomBytes(1000);

    const names = async (viewer: Viewer, sort: ItemSort, page: { offset?: number; limit?: number } = {}) =>
      (await cases.vaultItems.list(viewer, { sort, ...page })).items.map((i) => i.name);

    beforeAll(async () => {
      home = await createTestHome(kind);
      const one = path.join(home.dir, 'one');
      const pack = path.join(home.dir, 'pack');
      const two = path.join(home.dir, 'two');
      for (const dir of [one, pack, two]) fs.mkdirSync(dir);
      fs.writeFileSync(path.join(one, 'Zebra.txt'), 'zebra notes');
      fs.writeFileSync(path.join(one, 'alpha.bin'), crypto.randomBytes(3000));
      fs.writeFileSync(path.join(one, 'Beta.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]));
      fs.writeFileSync(path.join(one, 'a-c.bin'), crypto.randomBytes(100));
      fs.writeFileSync(path.join(pack, 'shared.bin'), shared);
      fs.writeFileSync(path.join(pack, 'inner.bin'), crypto.randomBytes(500));
      execFileSync('zip', ['-q', '-j', path.join(one, 'secret.zip'), path.join(pack, 'shared.bin'), path.join(pack, 'inner.bin')]);
      await ingestNamingItems(home, one, ids);
      // Later, the same bytes as the archive's shared.bin, loose: a place anyone may see.
      fs.writeFileSync(path.join(two, 'zz-loose-copy.bin'), shared);
      fs.writeFileSync(path.join(two, 'newest.bin'), crypto.randomBytes(10));
      await ingestNamingItems(home, two, ids);

      ({ cases } = await openUnlockedStaff(home));
      await cases.actTypes.seed();
      const user = async (name: string) =>
        (await cases.accounts.createUser({ username: name, displayName: name, role: 'investigator', password: 'correct horse battery' })).id;
      const admin = await cases.accounts.createUser({ username: 'ada', displayName: 'ada', role: 'admin', password: 'correct horse battery' });
      const [ivan, olga] = [await user('ivan'), await user('olga')];
      const compartment = (
        await cases.accounts.createCompartment(
          { userId: admin.id, role: 'admin', compartments: new Set() },
          { name: 'Хранилища', description: '', members: [ivan] },
        )
      ).id;
      insider = { userId: ivan, role: 'investigator', compartments: new Set([compartment]) };
      outsider = { userId: olga, role: 'investigator', compartments: new Set() };
      const secret = await cases.incidents.create(insider, {
        titleRu: 'Вымышленный архив',
        titleEn: 'A fictional archive',
        datePrecision: 'year',
        dateStart: '2025',
        documentationStatus: 'reported',
        compartmentId: compartment,
      });
      await cases.parts.linkEvidence(insider, secret.id, { itemId: ids['secret.zip']! });
    });
    afterAll(async () => home?.cleanup());

    it('sorts by file name on the server, in lower case character by character, and names an item by a place the reader may see', async () => {
      expect(ids['shared.bin']).toBe(ids['zz-loose-copy.bin']);
      expect(await names(insider, 'name-asc')).toEqual([
        'a-c.bin',
        'alpha.bin',
        'Beta.jpg',
        'inner.bin',
        'newest.bin',
        'secret.zip',
        'shared.bin',
        'Zebra.txt',
      ]);
      // The archive and what was found only in it are not there for the outsider; the file also found loose is named
      // and sorted by its loose copy, not by its name inside the archive they may not see.
      const outside = ['a-c.bin', 'alpha.bin', 'Beta.jpg', 'newest.bin', 'Zebra.txt', 'zz-loose-copy.bin'];
      expect(await names(outsider, 'name-asc')).toEqual(outside);
      expect(await names(outsider, 'name-desc')).toEqual([...outside].reverse());
      expect(await names(outsider, 'name-asc', { offset: 2, limit: 3 })).toEqual(outside.slice(2, 5));
      if (kind === 'postgres') {
        // Byte by byte whatever the database's own collation, as SQLite compares: the same order on either engine.
        const { rows } = await sql<{ collation_name: string }>`select collation_name from information_schema.columns
          where table_name = 'item_sources' and column_name = 'name_key'`.execute(home.vigil.database.db);
        expect(rows).toEqual([{ collation_name: 'C' }]);
      }
    });

    it('counts only what the reader may see', async () => {
      expect((await cases.vaultItems.list(insider, {})).total).toBe(8);
      const outside = await cases.vaultItems.list(outsider, { limit: 500 });
      expect(outside.total).toBe(6);
      const listed = outside.items.map((i) => i.id);
      for (const hidden of ['secret.zip', 'inner.bin']) expect(listed).not.toContain(ids[hidden]);
    });

    it('sorts by size, kind of file and day stored, ties by id', async () => {
      const sizes = (await cases.vaultItems.list(outsider, { sort: 'size-asc' })).items.map((i) => i.size);
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
      expect(await names(outsider, 'size-desc', { limit: 2 })).toEqual(['alpha.bin', 'Beta.jpg']);
      const types = (await cases.vaultItems.list(outsider, { sort: 'type-asc' })).items;
      expect(types.map((i) => i.mediaType)).toEqual([...Array(4).fill('application/octet-stream'), 'image/jpeg', 'text/plain']);
      const tied = types.slice(0, 4).map((i) => i.id);
      expect(tied).toEqual([...tied].sort());
      expect((await cases.vaultItems.list(outsider, { sort: 'type-desc', limit: 1 })).items[0]!.mediaType).toBe('text/plain');
      const newest = (await cases.vaultItems.list(outsider, { sort: 'ingested-desc' })).items;
      expect(newest[0]!.name).toBe('newest.bin');
      const stored = newest.map((i) => i.createdAt);
      expect(stored).toEqual([...stored].sort().reverse());
      expect((await cases.vaultItems.list(outsider, { sort: 'ingested-asc' })).items.at(-1)!.name).toBe('newest.bin');
    });
  });
}
