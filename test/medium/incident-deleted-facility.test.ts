import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { IncidentInput } from '../../src/cases/index.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';

const pgUp = await postgresAvailable();

/**
 * Found by a security review: an incident whose facility was deleted could not be restricted, one at a time or in
 * bulk, without changing its facility too; hiding an incident in a hurry must not depend on it.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`an incident in a deleted facility on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let cases: Cases;
    let admin: Viewer;
    let investigator: Viewer;
    let compartment: string;
    let facility: string;

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
      const adminId = (await cases.accounts.createUser({ username: 'ada', displayName: 'Ada Fictional', role: 'admin', password: 'correct horse battery' })).id;
      const investigatorId = (
        await cases.accounts.createUser({ username: 'ivo', displayName: 'Ivo Fictional', role: 'investigator', password: 'correct horse battery' })
      ).id;
      admin = { userId: adminId, role: 'admin', compartments: new Set() };
      compartment = (await cases.accounts.createCompartment(admin, { name: 'Вымышленный', description: '', members: [investigatorId] })).id;
      investigator = { userId: investigatorId, role: 'investigator', compartments: new Set([compartment]) };
      facility = (await cases.facilities.create(admin, { nameRu: 'ИК-0', nameEn: 'IK-0', type: 'penal-colony', region: 'Fictional region' })).id;
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    const newIncident = async (title: string) =>
      (
        await cases.incidents.create(investigator, {
          titleRu: title,
          titleEn: title,
          datePrecision: 'day',
          documentationStatus: 'reported',
          facilityId: facility,
        })
      ).id;

    it('restricts it in bulk and one at a time, keeping its facility, and refuses a deleted facility for anything else', async () => {
      const inBulk = await newIncident('In bulk');
      const alone = await newIncident('Alone');
      const other = (await cases.incidents.create(investigator, { titleRu: 'Other', titleEn: 'Other', datePrecision: 'day', documentationStatus: 'reported' }))
        .id;
      await cases.facilities.remove(admin, facility, 1);

      expect((await cases.incidentBulk.restrict(investigator, [inBulk], compartment)).results).toEqual([{ id: inBulk, outcome: 'restricted' }]);

      const page = await cases.incidents.get(investigator, alone);
      const input: IncidentInput = {
        titleRu: page.incident.titleRu,
        titleEn: page.incident.titleEn,
        datePrecision: 'day',
        documentationStatus: 'reported',
        facilityId: facility,
      };
      await cases.incidents.update(investigator, alone, page.incident.version, { ...input, compartmentId: compartment });
      const after = await cases.incidents.get(investigator, alone);
      expect(after.incident.compartmentId).toBe(compartment);
      expect(after.facility?.id).toBe(facility);

      // A deleted facility is still refused where it is not the incident's own.
      const otherPage = await cases.incidents.get(investigator, other);
      await expect(cases.incidents.update(investigator, other, otherPage.incident.version, { ...input, titleRu: 'Other', titleEn: 'Other' })).rejects.toThrow(
        /facility/,
      );
      await expect(cases.incidents.create(investigator, { ...input, titleRu: 'New' })).rejects.toThrow(/facility/);
    });
  });
}
