import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ForbiddenError, InvalidInputError } from '../../src/shared/index.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

/** Several incidents restricted at once, each by the single incident's edit, each checked against the caller's rights. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`bulk restrict on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let cases: Cases;
    let ivan: Viewer;
    let olga: Viewer;
    let edith: Viewer;
    let ivans: string;
    let olgas: string;
    const ids: Record<string, string> = {};

    const compartmentOf = async (id: string) =>
      (await database.db.selectFrom('incidents').select('compartment_id').where('id', '=', id).executeTakeFirstOrThrow()).compartment_id;

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
      const users: Record<string, string> = {};
      for (const [name, role] of [
        ['ada', 'admin'],
        ['ivan', 'investigator'],
        ['olga', 'investigator'],
        ['edith', 'editor'],
      ] as const)
        users[name] = (await cases.accounts.createUser({ username: name, displayName: name, role, password: 'correct horse battery' })).id;
      const admin: Viewer = { userId: users.ada!, role: 'admin', compartments: new Set() };
      ivans = (await cases.accounts.createCompartment(admin, { name: 'Ивана', description: '', members: [users.ivan!, users.edith!] })).id;
      olgas = (await cases.accounts.createCompartment(admin, { name: 'Ольги', description: '', members: [users.olga!] })).id;
      ivan = { userId: users.ivan!, role: 'investigator', compartments: new Set([ivans]) };
      olga = { userId: users.olga!, role: 'investigator', compartments: new Set([olgas]) };
      edith = { userId: users.edith!, role: 'editor', compartments: new Set([ivans]) };
      const incident = async (title: string, compartmentId: string | null, as: Viewer = ivan) =>
        (
          await cases.incidents.create(as, {
            titleRu: title,
            titleEn: title,
            datePrecision: 'day',
            documentationStatus: 'reported',
            compartmentId,
            dateStart: '2024-01-01',
          })
        ).id;
      ids.a = await incident('Вымышленный случай альфа', null);
      ids.b = await incident('Вымышленный случай бета', null);
      ids.c = await incident('Вымышленный случай гамма', ivans);
      ids.hidden = await incident('Вымышленный случай Ольги', olgas, olga);
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('restricts each incident the caller may see, and answers one they may not see as absent', async () => {
      const before = (await cases.search.incidents(olga, { q: 'Вымышленный' })).total;
      expect(before).toBe(3);
      const missing = 'inc_0000000000000000';
      const result = await cases.incidentBulk.restrict(ivan, [ids.a!, ids.b!, ids.c!, ids.hidden!, missing, ids.a!], ivans);
      expect(result.results).toEqual([
        { id: ids.a, outcome: 'restricted' },
        { id: ids.b, outcome: 'restricted' },
        { id: ids.c, outcome: 'unchanged' },
        { id: ids.hidden, outcome: 'not-found' },
        { id: missing, outcome: 'not-found' },
      ]);
      expect(await compartmentOf(ids.a!)).toBe(ivans);
      expect(await compartmentOf(ids.b!)).toBe(ivans);
      expect(await compartmentOf(ids.hidden!)).toBe(olgas);
      // One audit row for each incident restricted, as its own edit writes; none for the others.
      const audit = await cases.audit.list({ action: 'restricted', recordType: 'incident', limit: 50 });
      expect(audit.map((r) => r.recordId).sort()).toEqual([ids.a, ids.b].sort());
      expect(audit.find((r) => r.recordId === ids.a)!.detail).toEqual({ from: null, to: ivans });
      // Each reindexed: gone from the search of someone outside the compartment.
      expect((await cases.search.incidents(olga, { q: 'Вымышленный' })).total).toBe(1);
      expect((await cases.search.incidents(ivan, { q: 'Вымышленный' })).hits.every((h) => h.restricted)).toBe(true);
    });

    const incident = async (title: string) =>
      (await cases.incidents.create(ivan, { titleRu: title, titleEn: title, datePrecision: 'day', documentationStatus: 'reported', dateStart: '2024-02-01' }))
        .id;

    it('reports an incident the database fails to save as failed, and goes on with the others', async () => {
      const [first, broken, last] = [await incident('Первый'), await incident('Сломанный'), await incident('Последний')];
      // A fault in the database on one row only: a trigger that refuses to update it.
      if (database.dialect === 'sqlite')
        await sql`create trigger refuse_one before update on incidents when old.id = ${sql.lit(broken)} begin select raise(abort, 'disk on fire'); end`.execute(
          database.db,
        );
      else {
        await sql`create function refuse_one() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`.execute(database.db);
        await sql`create trigger refuse_one before update on incidents for each row when (old.id = ${sql.lit(broken)}) execute function refuse_one()`.execute(
          database.db,
        );
      }
      const failures: string[] = [];
      try {
        const result = await cases.incidentBulk.restrict(ivan, [first, broken, last], ivans, (id) => failures.push(id));
        expect(result.results).toEqual([
          { id: first, outcome: 'restricted' },
          { id: broken, outcome: 'failed' },
          { id: last, outcome: 'restricted' },
        ]);
      } finally {
        await sql`drop trigger refuse_one ${database.dialect === 'sqlite' ? sql`` : sql`on incidents`}`.execute(database.db);
      }
      expect(failures).toEqual([broken]);
      expect(await compartmentOf(first)).toBe(ivans);
      expect(await compartmentOf(broken)).toBeNull();
      expect(await compartmentOf(last)).toBe(ivans);
      // The failed one left nothing behind: no audit row, and it is still found by those outside the compartment.
      const audit = await cases.audit.list({ action: 'restricted', recordType: 'incident', limit: 50 });
      expect(audit.map((r) => r.recordId)).not.toContain(broken);
      expect((await cases.search.incidents(olga, { q: 'Сломанный' })).total).toBe(1);
    });

    it('answers invalid for an incident whose stored fields no longer pass the checks of an edit, and changes nothing of it', async () => {
      const good = await incident('Исправный');
      const stored = {
        precision: await incident('Неточный'),
        status: await incident('Без статуса'),
        date: await incident('Несуществующая дата'),
        title: await incident('Длинный'),
      };
      const set = (id: string, values: Record<string, string>) => database.db.updateTable('incidents').set(values).where('id', '=', id).execute();
      await set(stored.precision, { date_precision: 'fortnight' });
      await set(stored.status, { documentation_status: 'rumoured' });
      await set(stored.date, { date_start: '2024-02-30' });
      await set(stored.title, { title_ru: 'Д'.repeat(501) });
      const result = await cases.incidentBulk.restrict(ivan, [stored.precision, good, stored.status, stored.date, stored.title], ivans);
      expect(result.results).toEqual([
        { id: stored.precision, outcome: 'invalid' },
        { id: good, outcome: 'restricted' },
        { id: stored.status, outcome: 'invalid' },
        { id: stored.date, outcome: 'invalid' },
        { id: stored.title, outcome: 'invalid' },
      ]);
      for (const id of Object.values(stored)) expect(await compartmentOf(id)).toBeNull();
      expect(await compartmentOf(good)).toBe(ivans);
    });

    it('refuses a compartment the caller is not in, and a role that may not restrict, changing nothing', async () => {
      const open = (await cases.incidents.create(ivan, { titleRu: 'Открытый', titleEn: 'Open', datePrecision: 'day', documentationStatus: 'reported' })).id;
      await expect(cases.incidentBulk.restrict(ivan, [open], olgas)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(cases.incidentBulk.restrict(edith, [open], ivans)).rejects.toBeInstanceOf(ForbiddenError);
      expect(await compartmentOf(open)).toBeNull();
    });
  });
}
