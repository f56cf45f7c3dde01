import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();
const FAST_PASSWORDS = { logN: 10 };

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`case records on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let cases: Cases;
    let admin: Viewer;
    let investigator: Viewer;
    let outsider: Viewer;
    let viewer: Viewer;
    let compartmentId: string;
    let facilityId: string;
    let victimId: string;
    let guardId: string;
    let incidentId: string;
    const itemId = 'itm_0000000000000001';

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      const items = new ItemRepository(database.db);
      await items.createBatch({ id: 'bat_0000000000000001', startedAt: new Date().toISOString(), roots: ['/demo'] });
      await database.db.transaction().execute((trx) =>
        items.insertItems(trx, [
          {
            id: itemId,
            sha256: 'a'.repeat(64),
            size: 10,
            blob_name: 'b'.repeat(64),
            media_type: 'video/mp4',
            batch_id: 'bat_0000000000000001',
            ingest_leaf: 0,
            created_at: new Date().toISOString(),
          },
        ]),
      );
      cases = openCases(database.db, itemsOnlyVault(items), { organisation: 'Test', passwordCost: FAST_PASSWORDS });
      await cases.actTypes.seed();
      const users: Record<string, string> = {};
      for (const [name, role] of [
        ['ada', 'admin'],
        ['ivan', 'investigator'],
        ['olga', 'investigator'],
        ['vera', 'viewer'],
      ] as const) {
        users[name] = (await cases.accounts.createUser({ username: name, displayName: name, role, password: 'correct horse battery' })).id;
      }
      admin = { userId: users.ada!, role: 'admin', compartments: new Set() };
      const base = { userId: users.ivan!, role: 'investigator' as const, compartments: new Set<string>() };
      compartmentId = (await cases.accounts.createCompartment(admin, { name: 'Hospital leak', description: '', members: [users.ivan!] })).id;
      investigator = { ...base, compartments: new Set([compartmentId]) };
      admin = { ...admin, compartments: new Set([compartmentId]) };
      outsider = { userId: users.olga!, role: 'investigator', compartments: new Set() };
      viewer = { userId: users.vera!, role: 'viewer', compartments: new Set() };
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('documents an incident with a facility, a victim, two acts and a perpetrator', async () => {
      facilityId = (
        await cases.facilities.create(investigator, {
          nameRu: 'Областная туберкулёзная больница № 1',
          nameEn: 'Regional TB Hospital No. 1',
          type: 'tb-hospital',
          region: 'Саратовская область',
          latitude: 51.53,
          longitude: 46.03,
        })
      ).id;
      victimId = (
        await cases.people.create(investigator, {
          kinds: ['victim'],
          names: [
            { name: 'Пётр Вымышленный', kind: 'official' },
            { name: 'Pyotr Vymyshlenny', kind: 'transliteration' },
          ],
        })
      ).id;
      guardId = (
        await cases.people.create(investigator, {
          kinds: ['perpetrator'],
          names: [{ name: 'Щукин Аркадий Сидорович', kind: 'official' }],
          positions: [{ title: 'guard', rank: 'прапорщик', facilityId }],
        })
      ).id;
      incidentId = (
        await cases.incidents.create(investigator, {
          titleRu: 'Избиение в приёмном отделении',
          titleEn: 'Beating in the admission ward',
          descriptionRu: 'Заключённого избили при поступлении в больницу.',
          dateStart: '2025-11-07',
          datePrecision: 'day',
          facilityId,
          documentationStatus: 'in-progress',
        })
      ).id;
      await cases.parts.addAct(investigator, incidentId, { actTypeId: 'beating', victimId, perpetrators: [{ personId: guardId, degree: 'carried-out' }] });
      await cases.parts.addAct(investigator, incidentId, { actTypeId: 'denial-of-medical-care', victimId });
      await cases.parts.linkEvidence(investigator, incidentId, { itemId, startSeconds: 30, endSeconds: 95, note: 'camera 3' });
      await cases.parts.addIntervention(investigator, incidentId, {
        kind: 'criminal-case-opened',
        status: 'pending',
        caseNumber: '12402630001000123',
        article: 'ст. 286 ч. 3 УК РФ',
        statusDate: '2026-01-15',
      });

      const page = await cases.incidents.get(viewer, incidentId);
      expect(page.facility?.nameEn).toBe('Regional TB Hospital No. 1');
      expect(page.acts.map((a) => a.actType.id)).toEqual(['beating', 'denial-of-medical-care']);
      expect(page.acts[0]!.perpetrators).toEqual([
        { person: { id: guardId, name: 'Щукин Аркадий Сидорович', kinds: ['perpetrator'] }, degree: 'carried-out', note: '' },
      ]);
      expect(page.evidence[0]).toMatchObject({ itemId, startSeconds: 30, endSeconds: 95, mediaType: 'video/mp4' });
      expect(page.interventions[0]!.history).toEqual([expect.objectContaining({ status: 'pending', changedOn: '2026-01-15' })]);
    });

    it('finds the incident by an inflected Russian word, an English one, and a name in another script', async () => {
      for (const q of ['избиение', 'избили', 'beaten admission', 'Shchukin', 'SCHUKIN', 'туберкулёзная', 'Vymyshlennyi']) {
        const result = await cases.search.incidents(viewer, { q });
        expect(
          result.hits.map((h) => h.id),
          q,
        ).toContain(incidentId);
      }
      expect((await cases.search.incidents(viewer, { q: 'избиение электрошок' })).total).toBe(0);
      const people = await cases.search.people(viewer, 'Щукин', 10, 0);
      expect(people.people.map((p) => p.id)).toEqual([guardId]);
    });

    it('counts facets and filters by them', async () => {
      const result = await cases.search.incidents(viewer, {});
      expect(result.facets.actType).toEqual(
        expect.arrayContaining([
          { value: 'beating', count: 1 },
          { value: 'denial-of-medical-care', count: 1 },
        ]),
      );
      expect(result.facets.year).toEqual([{ value: '2025', count: 1 }]);
      expect(result.facets.region).toEqual([{ value: 'Саратовская область', count: 1 }]);
      expect(result.facets.intervention).toEqual([{ value: 'criminal-case-opened', count: 1 }]);
      expect(result.facets.hasEvidence).toEqual([{ value: 'yes', count: 1 }]);
      expect((await cases.search.incidents(viewer, { actType: ['torture'] })).total).toBe(0);
      expect((await cases.search.incidents(viewer, { year: [2025], hasEvidence: true })).total).toBe(1);
    });

    it('refuses a stale edit with a conflict and names the field of a bad one', async () => {
      const page = await cases.incidents.get(investigator, incidentId);
      const edit = {
        titleRu: page.incident.titleRu,
        titleEn: 'Beating at admission',
        datePrecision: 'day' as const,
        dateStart: '2025-11-07',
        facilityId,
        documentationStatus: 'documented' as const,
      };
      await cases.incidents.update(investigator, incidentId, page.incident.version, edit);
      await expect(cases.incidents.update(investigator, incidentId, page.incident.version, { ...edit, titleEn: 'stale' })).rejects.toThrow(
        /changed by someone else/,
      );
      await expect(cases.incidents.update(investigator, incidentId, page.incident.version + 1, { ...edit, dateStart: '2025-02-30' })).rejects.toMatchObject({
        field: 'dateStart',
      });
      expect((await cases.incidents.get(viewer, incidentId)).incident.titleEn).toBe('Beating at admission');
    });

    it('makes a restricted incident, its victim and its facet counts invisible outside the compartment', async () => {
      const page = await cases.incidents.get(investigator, incidentId);
      const restricted = {
        titleRu: page.incident.titleRu,
        titleEn: page.incident.titleEn,
        datePrecision: 'day' as const,
        dateStart: '2025-11-07',
        facilityId,
        documentationStatus: 'documented' as const,
        compartmentId,
      };
      await expect(cases.incidents.update(outsider, incidentId, page.incident.version, restricted)).rejects.toMatchObject({ field: 'compartmentId' });
      await cases.incidents.update(investigator, incidentId, page.incident.version, restricted);

      for (const who of [outsider, viewer]) {
        await expect(cases.incidents.get(who, incidentId)).rejects.toThrow(/not found/);
        const all = await cases.search.incidents(who, {});
        expect(all.total).toBe(0);
        expect(all.facets.actType).toEqual([]);
        expect((await cases.search.incidents(who, { q: 'избиение' })).total).toBe(0);
        expect((await cases.search.incidents(who, { q: 'Shchukin' })).total).toBe(0);
        // The victim appears only in this incident, so they follow it into the compartment.
        await expect(cases.people.get(who, victimId)).rejects.toThrow(/not found/);
        expect((await cases.search.people(who, 'Вымышленный', 10, 0)).total).toBe(0);
      }
      expect((await cases.search.incidents(investigator, { q: 'избиение' })).hits[0]).toMatchObject({ id: incidentId, restricted: true });
      const audit = await cases.audit.list({ recordType: 'incident', recordId: incidentId, limit: 50 });
      expect(audit.map((a) => a.action)).toContain('restricted');
      await cases.incidents.get(investigator, incidentId);
      const views = (await cases.audit.list({ recordType: 'incident', recordId: incidentId, limit: 50 })).filter((a) => a.action === 'viewed-restricted');
      expect(views[0]).toMatchObject({ userId: investigator.userId });
    });

    it('soft-deletes an incident, hides it from search, and lets an admin restore it', async () => {
      const page = await cases.incidents.get(investigator, incidentId);
      await expect(cases.incidents.remove(viewer, incidentId, page.incident.version)).rejects.toThrow(/may not/);
      await cases.incidents.remove(investigator, incidentId, page.incident.version);
      expect((await cases.search.incidents(investigator, { q: 'избиение' })).total).toBe(0);
      expect((await cases.incidents.listDeleted(admin)).map((d) => d.id)).toEqual([incidentId]);
      await expect(cases.incidents.restore(investigator, incidentId)).rejects.toThrow(/may not/);
      await cases.incidents.restore(admin, incidentId);
      expect((await cases.search.incidents(investigator, { q: 'избиение' })).total).toBe(1);
    });

    it('keeps people restricted by hand where they are, and never drops references an editor cannot see', async () => {
      const secret = (await cases.accounts.createCompartment(admin, { name: `Other ${kind}`, description: '', members: [] })).id;
      const insider: Viewer = { ...investigator, compartments: new Set([compartmentId, secret]) };
      const hidden = (
        await cases.people.create(insider, { kinds: ['perpetrator'], names: [{ name: 'Скрытый Исполнитель', kind: 'official' }], compartmentId: secret })
      ).id;
      const open = (
        await cases.incidents.create(insider, {
          titleRu: 'Открытый случай',
          titleEn: 'Open case',
          datePrecision: 'year',
          dateStart: '2024',
          documentationStatus: 'reported',
        })
      ).id;
      const actId = (
        await cases.parts.addAct(insider, open, { actTypeId: 'threat-of-sexual-violence', perpetrators: [{ personId: hidden, degree: 'present' }] })
      ).id;

      // An editor outside `secret` sees the perpetrator as restricted, and saving the act keeps them.
      const page = await cases.incidents.get(outsider, open);
      expect(page.acts[0]!.perpetrators).toEqual([{ person: { restricted: true }, degree: 'present', note: '' }]);
      await cases.parts.updateAct(outsider, actId, page.acts[0]!.version, { actTypeId: 'humiliation', perpetrators: [] });
      const after = await cases.incidents.get(insider, open);
      expect(after.acts[0]!.perpetrators.map((p) => ('id' in p.person ? p.person.id : null))).toEqual([hidden]);

      // Restricting the incident to another compartment does not move them out of theirs.
      await cases.incidents.update(insider, open, after.incident.version, {
        titleRu: 'Открытый случай',
        titleEn: 'Open case',
        datePrecision: 'year',
        dateStart: '2024',
        documentationStatus: 'reported',
        compartmentId,
      });
      await expect(cases.people.get(investigator, hidden)).rejects.toThrow(/not found/);
      expect((await cases.people.get(insider, hidden)).compartmentId).toBe(secret);
    });

    it('moves a person added to an already restricted incident into its compartment', async () => {
      const restrictedIncident = (
        await cases.incidents.create(investigator, {
          titleRu: 'Закрытый',
          titleEn: 'Closed',
          datePrecision: 'year',
          dateStart: '2023',
          documentationStatus: 'reported',
          compartmentId,
        })
      ).id;
      const witness = (await cases.people.create(investigator, { kinds: ['victim'], names: [{ name: 'Новый Потерпевший', kind: 'official' }] })).id;
      expect((await cases.search.people(outsider, 'Потерпевший', 10, 0)).people.map((p) => p.id)).toContain(witness);
      await cases.parts.addAct(investigator, restrictedIncident, { actTypeId: 'extortion', victimId: witness });
      expect((await cases.search.people(outsider, 'Потерпевший', 10, 0)).people.map((p) => p.id)).not.toContain(witness);
      await expect(cases.people.get(outsider, witness)).rejects.toThrow(/not found/);
    });

    it('treats a vault item that only restricted incidents use as absent', async () => {
      const mine = (
        await cases.incidents.create(outsider, { titleRu: 'Мой', titleEn: 'Mine', datePrecision: 'year', dateStart: '2022', documentationStatus: 'reported' })
      ).id;
      const refused = cases.parts.linkEvidence(outsider, mine, { itemId });
      await expect(refused).rejects.toThrow(`no item ${itemId} in the vault`);
      await expect(cases.parts.linkEvidence(outsider, mine, { itemId: 'itm_9999999999999999' })).rejects.toThrow('no item itm_9999999999999999 in the vault');
    });

    it('keeps a status history of interventions', async () => {
      const page = await cases.incidents.get(investigator, incidentId);
      const intervention = page.interventions[0]!;
      await cases.parts.updateIntervention(investigator, intervention.id, intervention.version, {
        kind: 'criminal-case-opened',
        status: 'closed',
        statusDate: '2026-06-01',
        statusNote: 'closed for lack of evidence',
        caseNumber: intervention.caseNumber,
      });
      const after = await cases.incidents.get(investigator, incidentId);
      expect(after.interventions[0]!.history.map((h) => h.status)).toEqual(['pending', 'closed']);
    });
  });
}
