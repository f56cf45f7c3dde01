import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestedItem } from '../../src/vault/ingest/ingest-service.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';
import { python } from '../unit/sources/fixtures.js';

const pgUp = await postgresAvailable();
const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

/** The resume key as the versions before the review wrote it: the location, size and mtime alone. */
function keyV1(location: string, size: number, mtime: string | null): string {
  return sha256(`${location}\0${size}\0${mtime ?? ''}`);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`resume keys across an upgrade on ${kind}`, () => {
    let home: TestHome;
    beforeAll(async () => {
      home = await createTestHome(kind);
    });
    afterAll(async () => home?.cleanup());

    async function ingest(paths: string[]): Promise<IngestedItem[]> {
      const items: IngestedItem[] = [];
      await home.vigil.ingest.ingest(paths, { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS, onItem: (item) => items.push(item) });
      return items;
    }

    it('never takes a file on the disk for an archive entry that an interrupted ingest of an older version recorded under the same location', async () => {
      const leak = path.join(home.dir, 'upgrade');
      fs.mkdirSync(leak);
      const archive = path.join(leak, 'bundle.zip');
      python(
        `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n  z.writestr(zipfile.ZipInfo('secret.txt', (2024, 5, 3, 12, 0, 0)), b'from the archive')`,
        archive,
      );
      const first = await ingest([leak]);
      expect(first.map((item) => item.paths[0]).sort()).toEqual([archive, `${archive}!/secret.txt`]);
      // As an older version left it: interrupted, with keys of the location, size and mtime alone.
      const db = home.vigil.database.db;
      const rows = await db.selectFrom('item_sources').selectAll().execute();
      for (const row of rows)
        await db
          .updateTable('item_sources')
          .set({ source_key: keyV1(row.location, row.size, row.mtime) })
          .where('id', '=', row.id)
          .execute();
      await db.updateTable('ingest_batches').set({ status: 'interrupted' }).execute();
      // The same location, size and mtime, on the disk, with other bytes.
      const onDisk = path.join(leak, 'bundle.zip!', 'secret.txt');
      fs.mkdirSync(path.dirname(onDisk));
      fs.writeFileSync(onDisk, 'from the disk!!!');
      const mtime = new Date(2024, 4, 3, 12, 0, 0);
      fs.utimesSync(onDisk, mtime, mtime);
      // Under the old key, the file on the disk would have been taken for the entry, whose bytes differ.
      const entryRow = rows.find((row) => row.entry_path === 'secret.txt')!;
      expect(keyV1(onDisk, 16, mtime.toISOString())).toBe(keyV1(entryRow.location, entryRow.size, entryRow.mtime));

      const second = await ingest([leak]);

      expect(second.find((item) => item.paths[0] === onDisk)).toMatchObject({ status: 'new', sha256: sha256('from the disk!!!') });
      // Read again rather than resumed, and recognised by its content.
      expect(second.find((item) => item.paths[0] === archive)).toMatchObject({ status: 'duplicate' });
      expect(second.find((item) => item.paths[0] === `${archive}!/secret.txt//1`)).toMatchObject({ status: 'duplicate', sha256: sha256('from the archive') });
    });
  });
}
