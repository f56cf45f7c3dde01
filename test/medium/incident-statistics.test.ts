import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { openCompartmentCases, type CompartmentCases } from '../helpers/compartment-cases.js';

const pgUp = await postgresAvailable();

const count = (list: Array<{ value: string; count: number }>, value: string) => list.find((c) => c.value === value)?.count ?? 0;

/** The statistics count only what the reader may see: a restricted incident outside their compartments is in no count and not in the total. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`incident statistics on ${kind}`, () => {
    let world: CompartmentCases;
    let compartment: string;
    let cases: Cases;
    let insider: Viewer;
    let outsider: Viewer;
    let colony: string;
    let hospital: string;

    beforeAll(async () => {
      world = await openCompartmentCases(kind, 'Колония-утечка');
      ({ cases, insider, outsider, compartment } = world);

      const facility = async (nameRu: string, region: string) =>
        (await cases.facilities.create(insider, { nameRu, nameEn: nameRu, type: 'penal-colony', region })).id;
      colony = await facility('ИК-99 Вымышленная', 'Саратовская область');
      hospital = await facility('Больница № 99 Вымышленная', 'Пермский край');
      const incident = async (title: string, facilityId: string | null, dateStart: string | null, compartmentId: string | null = null) =>
        (
          await cases.incidents.create(insider, {
            titleRu: title,
            titleEn: title,
            dateStart,
            datePrecision: dateStart ? 'day' : 'approximate',
            facilityId,
            documentationStatus: 'reported',
            compartmentId,
          })
        ).id;
      const open1 = await incident('Открытый случай 1', colony, '2024-03-01');
      const open2 = await incident('Открытый случай 2', colony, '2025-05-02');
      await incident('Открытый без места и даты', null, null);
      const secret = await incident('Закрытый случай', hospital, '2023-07-03', compartment);
      await cases.parts.addAct(insider, open1, { actTypeId: 'beating' });
      await cases.parts.addAct(insider, open1, { actTypeId: 'beating' });
      await cases.parts.addAct(insider, open2, { actTypeId: 'beating' });
      await cases.parts.addAct(insider, secret, { actTypeId: 'beating' });
      await cases.parts.addIntervention(insider, open1, { kind: 'complaint', status: 'filed' });
      await cases.parts.addIntervention(insider, secret, { kind: 'complaint', status: 'filed' });
      await cases.parts.addIntervention(insider, secret, { kind: 'criminal-case-opened', status: 'pending' });
    });
    afterAll(async () => world?.close());

    it('counts every incident a member may see, by each dimension', async () => {
      const stats = await cases.statistics.incidents(insider);
      expect(stats.total).toBe(4);
      expect(count(stats.by.facility, colony)).toBe(2);
      expect(count(stats.by.facility, hospital)).toBe(1);
      expect(count(stats.by.region, 'Пермский край')).toBe(1);
      expect(stats.by.year.map((c) => c.value).sort()).toEqual(['2023', '2024', '2025']);
      // An incident counts once under a type, however many of its acts have it.
      expect(count(stats.by.actType, 'beating')).toBe(3);
      expect(count(stats.by.intervention, 'complaint')).toBe(2);
      expect(count(stats.by.intervention, 'criminal-case-opened')).toBe(1);
      expect(stats.unknown).toEqual({ facility: 1, region: 1, year: 1 });
    });

    it('leaves a restricted incident out of every count and the total for a reader outside its compartment', async () => {
      const stats = await cases.statistics.incidents(outsider);
      expect(stats.total).toBe(3);
      expect(count(stats.by.facility, hospital)).toBe(0);
      expect(stats.by.facility.map((c) => c.value)).toEqual([colony]);
      expect(stats.by.region.map((c) => c.value)).toEqual(['Саратовская область']);
      expect(stats.by.year.map((c) => c.value).sort()).toEqual(['2024', '2025']);
      expect(count(stats.by.actType, 'beating')).toBe(2);
      expect(stats.by.intervention).toEqual([{ value: 'complaint', count: 1 }]);
      expect(stats.unknown).toEqual({ facility: 1, region: 1, year: 1 });
      // Nothing in the answer names the hidden incident's facility or region.
      expect(JSON.stringify(stats)).not.toMatch(/Пермский|criminal-case-opened/);
    });

    it('forgets a deleted incident', async () => {
      const open = (await cases.search.incidents(outsider, { q: 'без места' })).hits[0]!;
      await cases.incidents.remove({ ...insider, role: 'admin' }, open.id, 1);
      expect((await cases.statistics.incidents(outsider)).total).toBe(2);
      expect((await cases.statistics.incidents(outsider)).unknown).toEqual({ facility: 0, region: 0, year: 0 });
    });
  });
}
