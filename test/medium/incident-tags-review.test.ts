import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { openCompartmentCases, type CompartmentCases } from '../helpers/compartment-cases.js';

/** A security review's findings on tags and the bulk export, as tests. */
describe('tags and the bulk export, reviewed (sqlite)', () => {
  let world: CompartmentCases;
  let cases: Cases;
  let insider: Viewer;
  let admin: Viewer;
  const ids: Record<string, string> = {};
  const incident = async (title: string, compartmentId: string | null = null) =>
    (
      await cases.incidents.create(insider, {
        titleRu: title,
        titleEn: title,
        datePrecision: 'year',
        dateStart: '2024',
        documentationStatus: 'reported',
        compartmentId,
      })
    ).id;

  beforeAll(async () => {
    world = await openCompartmentCases('sqlite', 'Обзор');
    ({ cases, insider, admin } = world);
    ids.open = await incident('Открытый, вымышленный');
    ids.secret = await incident('Закрытый, вымышленный', world.compartment);
  });
  afterAll(async () => world?.close());

  it('records an export by the incidents in it, so that a reader outside a compartment learns nothing of its share', async () => {
    await cases.csv.exportSelected(insider, [ids.open!, ids.secret!]);
    await cases.csv.exportIncidents(insider);
    const entries = (await cases.auditTrail.list(admin, { action: 'exported-csv', limit: 10 })).filter((e) => e.userId === insider.userId);
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(entry.detail).toEqual({ incidents: [ids.open] });
  });

  it('refuses a tag shaped like a record id (the trail would hide its entry from whoever may not see that record)', async () => {
    await expect(cases.tags.change(admin, ids.open!, { add: [ids.secret!] })).rejects.toThrow(/record id/);
    await expect(cases.tags.change(admin, ids.open!, { add: ['inc_0000000000000000'] })).rejects.toThrow(/record id/);
  });

  it('refuses a tag holding ";", which the CSV export puts between tags', async () => {
    await expect(cases.tags.change(insider, ids.open!, { add: ['a;b'] })).rejects.toThrow(/";"/);
  });
});
