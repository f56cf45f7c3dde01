import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { PeopleSort } from '../../src/cases/index.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { openCompartmentCases, type CompartmentCases } from '../helpers/compartment-cases.js';

const pgUp = await postgresAvailable();

/** The people list sorted by the server, page by page: by name in the reader's alphabet, by birth date, by when recorded, within what they may see. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`people sorting on ${kind}`, () => {
    let world: CompartmentCases;
    let compartment: string;
    let cases: Cases;
    let insider: Viewer;
    let outsider: Viewer;

    const names = async (viewer: Viewer, sort: PeopleSort, lang: 'ru' | 'en', q = '') => {
      const out: string[] = [];
      for (let offset = 0; ; offset += 2) {
        const page = await cases.search.people(viewer, q, 2, offset, { sort, lang });
        out.push(...page.people.map((p) => p.name));
        if (page.people.length < 2) return out;
      }
    };

    beforeAll(async () => {
      world = await openCompartmentCases(kind, 'Утечка');
      ({ cases, insider, outsider, compartment } = world);
      const person = async (names: string[], birthDate: string | null, compartmentId: string | null = null) => {
        await cases.people.create(insider, {
          kinds: ['witness'],
          names: names.map((name, i) => ({ name, kind: i === 0 ? 'official' : 'transliteration' })),
          birthDate,
          birthDatePrecision: birthDate ? 'day' : null,
          compartmentId,
        });
        // Distinct creation times, so "newest first" has one answer.
        await new Promise((resolve) => setTimeout(resolve, 5));
      };
      // Russian and English names in different orders, so the alphabet decides.
      await person(['Борисов Вымышлен', 'Zorin Fictus'], '1980-05-01');
      await person(['Adams Fictus', 'Яковлев Вымышлен'], '1990-01-01');
      await person(['андреев вымышлен'], null);
      // First by every order it could be in, were it not hidden from the outsider.
      await person(['Аарон Вымышлен', 'Aaron Fictus'], '2000-01-01', compartment);
    });
    afterAll(async () => world?.close());

    it('sorts by the name in the reader alphabet, ignoring case, across pages, either way', async () => {
      expect(await names(outsider, 'name-asc', 'ru')).toEqual(['андреев вымышлен', 'Борисов Вымышлен', 'Яковлев Вымышлен']);
      expect(await names(outsider, 'name-desc', 'ru')).toEqual(['Яковлев Вымышлен', 'Борисов Вымышлен', 'андреев вымышлен']);
      // No Latin name: the first one stands in for it.
      expect(await names(outsider, 'name-asc', 'en')).toEqual(['Adams Fictus', 'Zorin Fictus', 'андреев вымышлен']);
    });

    it('sorts by birth date either way, unknown dates last, and by when recorded', async () => {
      expect(await names(outsider, 'born-desc', 'ru')).toEqual(['Яковлев Вымышлен', 'Борисов Вымышлен', 'андреев вымышлен']);
      expect(await names(outsider, 'born-asc', 'ru')).toEqual(['Борисов Вымышлен', 'Яковлев Вымышлен', 'андреев вымышлен']);
      expect(await names(outsider, 'created-desc', 'en')).toEqual(['андреев вымышлен', 'Adams Fictus', 'Zorin Fictus']);
      expect(await names(outsider, 'created-asc', 'en')).toEqual(['Zorin Fictus', 'Adams Fictus', 'андреев вымышлен']);
      const page = await cases.search.people(outsider, '', 1, 0, { sort: 'born-asc', lang: 'ru' });
      expect(page.people[0]).toMatchObject({ birthDate: '1980-05-01', birthDatePrecision: 'day', kinds: ['witness'], restricted: false });
    });

    it('sorts a search result the same way', async () => {
      expect(await names(outsider, 'name-desc', 'ru', 'Вымышлен')).toEqual(['Яковлев Вымышлен', 'Борисов Вымышлен', 'андреев вымышлен']);
      expect(await names(insider, 'born-desc', 'en', 'Fictus')).toEqual(['Aaron Fictus', 'Adams Fictus', 'Zorin Fictus']);
    });

    it('lists, counts and sorts only whom the reader may see: a member sees the restricted person in its place', async () => {
      for (const sort of ['name-asc', 'name-desc', 'born-asc', 'born-desc', 'created-asc', 'created-desc'] as const) {
        const page = await cases.search.people(outsider, '', 10, 0, { sort, lang: 'ru' });
        expect(page.total).toBe(3);
        expect(page.people.map((p) => p.name)).not.toContain('Аарон Вымышлен');
      }
      expect((await cases.search.people(outsider, 'Аарон', 10, 0, { sort: 'name-asc', lang: 'ru' })).total).toBe(0);
      expect(await names(insider, 'name-asc', 'ru')).toEqual(['Аарон Вымышлен', 'андреев вымышлен', 'Борисов Вымышлен', 'Яковлев Вымышлен']);
      expect(await names(insider, 'born-desc', 'en')).toEqual(['Aaron Fictus', 'Adams Fictus', 'Zorin Fictus', 'андреев вымышлен']);
      expect((await cases.search.people(insider, '', 1, 0, { sort: 'born-desc', lang: 'ru' })).people[0]!.restricted).toBe(true);
    });
  });
}
