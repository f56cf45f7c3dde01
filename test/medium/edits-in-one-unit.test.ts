import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { IncidentInput } from '../../src/cases/case-schemas.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

/** Every table an edit of case records writes to, in a stable order: what "nothing half-written" compares. */
const WRITTEN = [
  ['people', 'id'],
  ['person_names', 'id'],
  ['person_positions', 'id'],
  ['incidents', 'id'],
  ['acts', 'id'],
  ['involvements', 'id'],
  ['interventions', 'id'],
  ['evidence_links', 'id'],
  ['item_restrictions', 'item_id, compartment_id'],
  ['facilities', 'id'],
  ['audit_log', 'id'],
  ['search_terms', 'doc_type, doc_id, term'],
  ['search_changes', 'seq'],
  ['search_head', 'id'],
  ['custody_head', 'id'],
] as const;

/** Where a trigger makes the database refuse a write: the audit row, or the search index's change. */
type FailurePoint = { table: 'audit_log'; when: string } | { table: 'search_changes'; when: string };

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`an edit, its audit row and its search terms in one unit of work on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let cases: Cases;
    let admin: Viewer;
    let compartmentId: string;
    let facilityId: string;
    let victimId: string;
    let openIncident: string;
    let restrictedIncident: string;
    const firstItem = 'itm_0000000000000001';
    const secondItem = 'itm_0000000000000002';
    const openInput: IncidentInput = {
      titleRu: 'Избиение в карантине',
      titleEn: 'Beating in quarantine',
      dateStart: '2025-03-02',
      datePrecision: 'day',
      documentationStatus: 'in-progress',
    };

    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const [table, order] of WRITTEN) tables[table] = (await sql.raw(`select * from ${table} order by ${order}`).execute(database.db)).rows;
      return tables;
    };
    /** What the in-memory index answers for a word, people and incidents. */
    const found = async (word: string) => ({
      people: (await cases.search.people(admin, word, 50, 0)).people.map((p) => p.id),
      incidents: (await cases.search.incidents(admin, { q: word, limit: 50 })).hits.map((h) => h.id),
    });
    const audited = async (action: string, recordType: string) =>
      (await database.db.selectFrom('audit_log').select('record_id').where('action', '=', action).where('record_type', '=', recordType).execute()).map(
        (r) => r.record_id,
      );

    async function refusing<T>(point: FailurePoint, edit: () => Promise<T>): Promise<void> {
      if (kind === 'sqlite') {
        await sql
          .raw(`create trigger refuse_in_test before insert on ${point.table} when ${point.when} begin select raise(abort, 'refused by the test'); end`)
          .execute(database.db);
      } else {
        await sql
          .raw(`create or replace function refuse_in_test() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`)
          .execute(database.db);
        await sql
          .raw(`create trigger refuse_in_test before insert on ${point.table} for each row when (${point.when}) execute function refuse_in_test()`)
          .execute(database.db);
      }
      try {
        await expect(edit()).rejects.toThrow(/refused by the test/);
      } finally {
        await sql.raw(kind === 'sqlite' ? 'drop trigger refuse_in_test' : `drop trigger refuse_in_test on ${point.table}`).execute(database.db);
      }
    }

    /** Each failure point refuses the edit: nothing of it is written, and search answers as before. */
    async function rolledBackAt(points: FailurePoint[], words: string[], edit: () => Promise<unknown>): Promise<void> {
      for (const point of points) {
        const before = await snapshot();
        const searchBefore = await Promise.all(words.map(found));
        await refusing(point, edit);
        expect(await snapshot()).toEqual(before);
        expect(await Promise.all(words.map(found))).toEqual(searchBefore);
      }
    }

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      const items = new ItemRepository(database.db);
      await items.createBatch({ id: 'bat_0000000000000001', startedAt: new Date().toISOString(), roots: ['/demo'] });
      const item = (id: string, n: string) => ({
        id,
        sha256: n.repeat(64),
        size: 10,
        blob_name: n.repeat(64),
        media_type: 'video/mp4',
        batch_id: 'bat_0000000000000001',
        ingest_leaf: 0,
        created_at: new Date().toISOString(),
      });
      await database.db.transaction().execute((trx) => items.insertItems(trx, [item(firstItem, 'a'), item(secondItem, 'b')]));
      cases = openCases(database.db, itemsOnlyVault(items), { organisation: 'Test', passwordCost: { logN: 10 } });
      await cases.actTypes.seed();
      const adminId = (await cases.accounts.createUser({ username: 'ada', displayName: 'ada', role: 'admin', password: 'correct horse battery' })).id;
      admin = { userId: adminId, role: 'admin', compartments: new Set() };
      compartmentId = (await cases.accounts.createCompartment(admin, { name: 'Hospital leak', description: '', members: [adminId] })).id;
      admin = { ...admin, compartments: new Set([compartmentId]) };

      facilityId = (await cases.facilities.create(admin, { nameRu: 'ИК-2', nameEn: 'Colony No. 2', type: 'penal-colony', region: 'Saratov' })).id;
      victimId = (await cases.people.create(admin, { kinds: ['victim'], names: [{ name: 'Pyotr Vymyshlenny', kind: 'official' }] })).id;
      openIncident = (await cases.incidents.create(admin, { ...openInput, facilityId })).id;
      await cases.parts.addAct(admin, openIncident, { actTypeId: 'beating', victimId });
      await cases.parts.linkEvidence(admin, openIncident, { itemId: firstItem });
      restrictedIncident = (
        await cases.incidents.create(admin, {
          titleRu: 'Пытки в ШИЗО',
          titleEn: 'Torture in the punishment cell',
          datePrecision: 'year',
          dateStart: '2025',
          documentationStatus: 'in-progress',
          compartmentId,
        })
      ).id;
      await cases.search.warm();
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('rolls back a person edit whose audit row or incident terms fail, and commits all of it otherwise', async () => {
      const rename = () => cases.people.update(admin, victimId, 1, { kinds: ['victim'], names: [{ name: 'Zebediah Quill', kind: 'official' }] });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.record_type = 'person'` },
          // The person's own terms are written first: only the incident's fail.
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        ['Zebediah', 'Vymyshlenny'],
        rename,
      );
      expect(await found('Zebediah')).toEqual({ people: [], incidents: [] });
      await rename();
      expect(await audited('updated', 'person')).toEqual([victimId]);
      expect(await found('Zebediah')).toEqual({ people: [victimId], incidents: [openIncident] });
      expect(await found('Vymyshlenny')).toEqual({ people: [], incidents: [] });
    });

    it('rolls back an incident edit whose audit row or terms fail, and commits all of it otherwise', async () => {
      const { version } = (await cases.incidents.get(admin, openIncident)).incident;
      const retitle = () => cases.incidents.update(admin, openIncident, version, { ...openInput, facilityId, titleEn: 'Beating at the Quarry gate' });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.record_type = 'incident'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        ['Quarry', 'quarantine'],
        retitle,
      );
      await retitle();
      expect(await audited('updated', 'incident')).toEqual([openIncident]);
      expect((await found('Quarry')).incidents).toEqual([openIncident]);
    });

    it('rolls back a part added to an incident whose audit row or terms fail, and commits all of it otherwise', async () => {
      const addAct = () => cases.parts.addAct(admin, openIncident, { actTypeId: 'beating', victimId, descriptionEn: 'kicked near the xylophone room' });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.action = 'act-added'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        ['xylophone'],
        addAct,
      );
      const { id } = await addAct();
      expect((await database.db.selectFrom('acts').select('id').where('id', '=', id).execute()).length).toBe(1);
      expect((await found('xylophone')).incidents).toEqual([openIncident]);
    });

    it("rolls back a facility edit whose audit row or its incidents' terms fail, and commits all of it otherwise", async () => {
      const rename = () =>
        cases.facilities.update(admin, facilityId, 1, { nameRu: 'ИК-2', nameEn: 'Yellowstone colony', type: 'penal-colony', region: 'Saratov' });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.record_type = 'facility'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        ['Yellowstone'],
        rename,
      );
      await rename();
      expect(await audited('updated', 'facility')).toEqual([facilityId]);
      expect((await found('Yellowstone')).incidents).toEqual([openIncident]);
    });

    it("rolls back an evidence link whose audit rows or terms fail, with the item's new restriction, and commits all of it otherwise", async () => {
      const link = () => cases.parts.linkEvidence(admin, restrictedIncident, { itemId: secondItem, note: 'camera 5' });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.action = 'evidence-linked'` },
          // The item's own audit row comes after the link's, and after the incident's terms.
          { table: 'audit_log', when: `NEW.record_type = 'item'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        [],
        link,
      );
      const { id } = await link();
      expect(await audited('evidence-linked', 'incident')).toContain(restrictedIncident);
      expect(await audited('restricted', 'item')).toEqual([secondItem]);
      expect(await database.db.selectFrom('item_restrictions').select(['item_id', 'compartment_id']).execute()).toEqual([
        { item_id: secondItem, compartment_id: compartmentId },
      ]);
      // Unlinked, the item stays in the compartment until an administrator releases it (below).
      await cases.parts.unlinkEvidence(admin, id);
    });

    it('rolls back a release of an item whose audit row or terms fail, and commits all of it otherwise', async () => {
      // Linked to an open incident too, whose "has evidence" facet changes with the release: its terms are rewritten.
      await cases.parts.linkEvidence(admin, openIncident, { itemId: secondItem });
      const release = () => cases.itemRelease.release(admin, secondItem);
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.action = 'released'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        [],
        release,
      );
      expect((await release()).released).toEqual([compartmentId]);
      expect(await audited('released', 'item')).toEqual([secondItem]);
      expect(await database.db.selectFrom('item_restrictions').selectAll().execute()).toEqual([]);
    });

    it('imports a CSV file whole, with its audit row, or not at all', async () => {
      const file = 'kinds,names\nvictim,Xerxes Umbridge\nwitness,Yolanda Umbridge\n';
      await rolledBackAt([{ table: 'audit_log', when: `NEW.action = 'imported-csv'` }], ['Umbridge'], () => cases.csv.importPeople(admin, file, false));
      expect((await cases.csv.importPeople(admin, file, false)).imported).toBe(2);
      expect((await found('Umbridge')).people).toHaveLength(2);
    });

    it('rolls back restricting an incident whose audit rows or terms fail, with its items and people, and commits all of it otherwise', async () => {
      const { version } = (await cases.incidents.get(admin, openIncident)).incident;
      const restrict = () =>
        cases.incidents.update(admin, openIncident, version, { ...openInput, facilityId, titleEn: 'Beating at the Quarry gate', compartmentId });
      await rolledBackAt(
        [
          { table: 'audit_log', when: `NEW.action = 'restricted' AND NEW.record_type = 'incident'` },
          { table: 'audit_log', when: `NEW.action = 'restricted' AND NEW.record_type = 'item'` },
          // The victim follows the incident into its compartment: their terms change too.
          { table: 'search_changes', when: `NEW.doc_type = 'person'` },
          { table: 'search_changes', when: `NEW.doc_type = 'incident'` },
        ],
        ['Zebediah', 'Quarry'],
        restrict,
      );
      await restrict();
      expect(await audited('restricted', 'incident')).toEqual([openIncident]);
      expect((await audited('restricted', 'item')).sort()).toEqual([firstItem, secondItem, secondItem].sort());
      expect((await database.db.selectFrom('people').select('compartment_id').where('id', '=', victimId).executeTakeFirstOrThrow()).compartment_id).toBe(
        compartmentId,
      );
      const outsider: Viewer = { userId: admin.userId, role: 'admin', compartments: new Set() };
      expect((await cases.search.incidents(outsider, { q: 'Quarry' })).hits).toEqual([]);
    });
  });
}
