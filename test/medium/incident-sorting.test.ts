import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { openCompartmentCases, type CompartmentCases } from '../helpers/compartment-cases.js';

const pgUp = await postgresAvailable();

/** The incident list sorted by the server, page by page: by title, facility and region in the reader's language, within what they may see. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`incident sorting on ${kind}`, () => {
    let world: CompartmentCases;
    let compartment: string;
    let cases: Cases;
    let insider: Viewer;
    let outsider: Viewer;

    const titles = async (
      viewer: Viewer,
      sort: 'title-asc' | 'title-desc' | 'facility-asc' | 'facility-desc' | 'region-asc' | 'region-desc',
      lang: 'ru' | 'en',
    ) => {
      const out: string[] = [];
      for (let offset = 0; ; offset += 2) {
        const page = await cases.search.incidents(viewer, { sort, lang, limit: 2, offset });
        out.push(...page.hits.map((h) => (lang === 'ru' ? h.titleRu : h.titleEn)));
        if (page.hits.length < 2) return out;
      }
    };

    beforeAll(async () => {
      world = await openCompartmentCases(kind, 'Утечка');
      ({ cases, insider, outsider, compartment } = world);
      // Russian and English names in different orders, so the language decides.
      const facility = async (nameRu: string, nameEn: string, region: string) =>
        (await cases.facilities.create(insider, { nameRu, nameEn, type: 'penal-colony', region })).id;
      const a = await facility('Ярославская ИК-1', 'Alpha Colony', 'Ярославская область');
      const b = await facility('Архангельская ИК-2', 'Zulu Colony', 'Архангельская область');
      const incident = (titleRu: string, titleEn: string, facilityId: string | null, dateStart: string, compartmentId: string | null = null) =>
        cases.incidents.create(insider, { titleRu, titleEn, dateStart, datePrecision: 'day', facilityId, documentationStatus: 'reported', compartmentId });
      await incident('Вымышленный случай Б', 'Fictional case C', a, '2024-01-01');
      await incident('вымышленный случай а', 'Fictional case b', b, '2024-02-01');
      await incident('Вымышленный случай В', '', null, '2024-03-01');
      await incident('Вымышленный случай Г', 'Fictional case A', b, '2024-04-01');
      await incident('Скрытый случай', 'Hidden case', a, '2024-05-01', compartment);
    });
    afterAll(async () => world?.close());

    it('sorts by title in the reader language, ignoring case, across pages, either way', async () => {
      expect(await titles(outsider, 'title-asc', 'ru')).toEqual([
        'вымышленный случай а',
        'Вымышленный случай Б',
        'Вымышленный случай В',
        'Вымышленный случай Г',
      ]);
      expect(await titles(outsider, 'title-desc', 'ru')).toEqual([
        'Вымышленный случай Г',
        'Вымышленный случай В',
        'Вымышленный случай Б',
        'вымышленный случай а',
      ]);
      // No English title: the Russian one stands in for it.
      expect(await titles(outsider, 'title-asc', 'en')).toEqual(['Fictional case A', 'Fictional case b', 'Fictional case C', '']);
      expect((await cases.search.incidents(outsider, { sort: 'title-asc', lang: 'en', limit: 1, offset: 3 })).hits[0]!.titleRu).toBe('Вымышленный случай В');
    });

    it('sorts by facility name in the reader language, those without one last, then newest first', async () => {
      // Russian: Архангельская (Г, а) before Ярославская (Б); English: Alpha (C) before Zulu (A, b).
      expect(await titles(outsider, 'facility-asc', 'ru')).toEqual([
        'Вымышленный случай Г',
        'вымышленный случай а',
        'Вымышленный случай Б',
        'Вымышленный случай В',
      ]);
      expect(await titles(outsider, 'facility-asc', 'en')).toEqual(['Fictional case C', 'Fictional case A', 'Fictional case b', '']);
      expect(await titles(outsider, 'facility-desc', 'ru')).toEqual([
        'Вымышленный случай Б',
        'Вымышленный случай Г',
        'вымышленный случай а',
        'Вымышленный случай В',
      ]);
    });

    it('sorts by region, those without one last', async () => {
      expect(await titles(outsider, 'region-asc', 'ru')).toEqual([
        'Вымышленный случай Г',
        'вымышленный случай а',
        'Вымышленный случай Б',
        'Вымышленный случай В',
      ]);
      expect(await titles(outsider, 'region-desc', 'ru')).toEqual([
        'Вымышленный случай Б',
        'Вымышленный случай Г',
        'вымышленный случай а',
        'Вымышленный случай В',
      ]);
    });

    it('sorts only what the reader may see: a member sees the restricted incident in its place', async () => {
      expect((await cases.search.incidents(outsider, { sort: 'title-asc', lang: 'en' })).total).toBe(4);
      expect(await titles(insider, 'title-asc', 'en')).toEqual(['Fictional case A', 'Fictional case b', 'Fictional case C', 'Hidden case', '']);
      expect((await titles(outsider, 'facility-asc', 'en')).includes('Hidden case')).toBe(false);
    });
  });
}
