import { Migrator, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import * as vault0001 from '../../src/db/migrations/0001-vault.js';
import * as cases0002 from '../../src/db/migrations/0002-cases.js';
import * as tags0016 from '../../src/db/migrations/0016-tags-and-file-names.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

/** A vault from before file names were kept: migration 0016 names every place already recorded, for the vault list to sort by. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`file names migration on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('names each place by the last part of its path, and keeps its lower case to sort by', async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      const db = database.db;
      const migrate = (migrations: Record<string, Migration>) => new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
      expect((await migrate({ '0001-vault': vault0001, '0002-cases': cases0002 })).error).toBeUndefined();
      const now = new Date().toISOString();
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('ingest_batches').values({ id: 'bat_1', started_at: now, status: 'finished', roots: '["/leak"]' }).execute();
      await old
        .insertInto('items')
        .values({
          id: 'itm_1',
          sha256: '1'.repeat(64),
          size: 1,
          blob_name: '1'.repeat(64),
          media_type: 'video/mp4',
          batch_id: 'bat_1',
          ingest_leaf: 0,
          created_at: now,
        })
        .execute();
      const places = { src_1: '/leak/Камера 1.MP4', src_2: '/leak/a.zip!clips/Cam 2.mp4', src_3: 'C:\\leak\\Notes.TXT' };
      for (const [id, location] of Object.entries(places))
        await old
          .insertInto('item_sources')
          .values({ id, item_id: 'itm_1', batch_id: 'bat_1', source_key: id, location, file_path: location, size: 1, found_at: now })
          .execute();

      expect((await migrate({ '0001-vault': vault0001, '0002-cases': cases0002, '0016-tags-and-file-names': tags0016 })).error).toBeUndefined();
      const named = await db.selectFrom('item_sources').select(['id', 'name', 'name_key']).orderBy('id').execute();
      expect(named).toEqual([
        { id: 'src_1', name: 'Камера 1.MP4', name_key: 'камера 1.mp4' },
        { id: 'src_2', name: 'Cam 2.mp4', name_key: 'cam 2.mp4' },
        { id: 'src_3', name: 'Notes.TXT', name_key: 'notes.txt' },
      ]);
    });
  });
}
