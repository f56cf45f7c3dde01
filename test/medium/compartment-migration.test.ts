import crypto from 'node:crypto';
import { Migrator, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import * as vault0001 from '../../src/db/migrations/0001-vault.js';
import * as cases0002 from '../../src/db/migrations/0002-cases.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

/**
 * A database from before item restrictions: the evidence of restricted incidents, deleted links and
 * deleted incidents included, is put into their compartments when it is migrated.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`item restrictions migration on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('restricts every item a restricted incident ever used, and no other', async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      const db = database.db;
      const old: Record<string, Migration> = { '0001-vault': vault0001, '0002-cases': cases0002 };
      const migrated = await new Migrator({ db, provider: { getMigrations: async () => old } }).migrateToLatest();
      expect(migrated.error).toBeUndefined();

      const now = new Date().toISOString();
      await db
        .insertInto('ingest_batches')
        .values({
          id: 'bat_1',
          started_at: now,
          status: 'finished',
          roots: '["/leak"]',
          items_new: 4,
          items_duplicate: 0,
          items_resumed: 0,
          bytes: 4,
          problems: 0,
        })
        .execute();
      const items = ['itm_live', 'itm_unlinked', 'itm_deleted_incident', 'itm_open'];
      await db
        .insertInto('items')
        .values(
          items.map((id, i) => ({
            id,
            sha256: String(i).repeat(64),
            size: 1,
            blob_name: String(i).repeat(64),
            media_type: 'application/octet-stream',
            batch_id: 'bat_1',
            ingest_leaf: i,
            created_at: now,
          })),
        )
        .execute();
      await db.insertInto('compartments').values({ id: 'cmp_1', name: 'Closed', description: '', created_at: now }).execute();
      // The columns every kept record has: its version, who made it and when, and whether it is deleted.
      const kept = (deleted: boolean) => ({
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: null,
        deleted_at: deleted ? now : null,
        deleted_by: null,
      });
      const incident = (id: string, compartment: string | null, deleted: boolean) => ({
        id,
        compartment_id: compartment,
        title_ru: id,
        title_en: id,
        description_ru: '',
        description_en: '',
        date_start: null,
        date_end: null,
        date_precision: 'approximate',
        year: null,
        facility_id: null,
        place: '',
        documentation_status: 'reported',
        ...kept(deleted),
      });
      await db
        .insertInto('incidents')
        .values([incident('inc_closed', 'cmp_1', false), incident('inc_closed_deleted', 'cmp_1', true), incident('inc_open', null, false)])
        .execute();
      const link = (id: string, incidentId: string, itemId: string, deleted: boolean) => ({
        id,
        incident_id: incidentId,
        act_id: null,
        item_id: itemId,
        start_seconds: null,
        end_seconds: null,
        box: null,
        note: '',
        ...kept(deleted),
      });
      await db
        .insertInto('evidence_links')
        .values([
          link('evl_1', 'inc_closed', 'itm_live', false),
          link('evl_2', 'inc_closed', 'itm_unlinked', true),
          link('evl_3', 'inc_closed_deleted', 'itm_deleted_incident', false),
          link('evl_4', 'inc_open', 'itm_open', false),
          link('evl_5', 'inc_open', 'itm_live', false),
        ])
        .execute();

      await migrateToLatest(db);
      const rows = await db.selectFrom('item_restrictions').select(['item_id', 'compartment_id']).orderBy('item_id').execute();
      expect(rows).toEqual([
        { item_id: 'itm_deleted_incident', compartment_id: 'cmp_1' },
        { item_id: 'itm_live', compartment_id: 'cmp_1' },
        { item_id: 'itm_unlinked', compartment_id: 'cmp_1' },
      ]);

      // The new indexes on paths take a path of any length (an archive entry's name may be kilobytes long).
      const deep = `/leak/${crypto.randomBytes(4000).toString('hex')}.zip`;
      await db
        .insertInto('item_sources')
        .values({
          id: 'src_deep',
          item_id: 'itm_open',
          batch_id: 'bat_1',
          source_key: 'k'.repeat(64),
          location: `${deep}!/${crypto.randomBytes(3000).toString('hex')}`,
          file_path: deep,
          entry_path: 'x',
          archive_format: 'zip',
          size: 1,
          mtime: null,
          atime: null,
          ctime: null,
          birthtime: null,
          found_at: now,
        })
        .execute();
      expect(await db.selectFrom('item_sources').select('id').where('file_path', '=', deep).execute()).toEqual([{ id: 'src_deep' }]);
    });
  });
}
