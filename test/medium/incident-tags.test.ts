import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../src/shared/index.js';
import { openCompartmentCases, type CompartmentCases } from '../helpers/compartment-cases.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';

const pgUp = await postgresAvailable();
const MISSING = 'inc_0000000000000000';

/**
 * Tags on incidents, bulk tagging and bulk export, on both engines: what an investigator outside a compartment
 * may learn of a restricted incident's tags (nothing: not on a page, in a facet, in a picker's choices, through
 * the search or the spelling of a tag) and may do to it (nothing: the same answer as for an id that does not exist).
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`incident tags on ${kind}`, () => {
    let world: CompartmentCases;
    let cases: Cases;
    let insider: Viewer;
    let outsider: Viewer;
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
      world = await openCompartmentCases(kind, 'Тегов');
      ({ cases, insider, outsider } = world);
      ids.open = await incident('Вымышленное избиение в карантине');
      ids.other = await incident('Вымышленная голодовка');
      ids.secret = await incident('Вымышленный закрытый случай', world.compartment);
      await cases.tags.change(insider, ids.secret!, { add: ['Оперативная-Тайна', 'карантин'] });
    });
    afterAll(async () => world?.close());

    it('adds and takes off tags, shows them on the page in order, and writes each change to the audit trail', async () => {
      expect(await cases.tags.change(insider, ids.open!, { add: ['карантин', 'избиение', '  двойной   пробел '] })).toEqual({
        tags: ['двойной пробел', 'избиение', 'карантин'],
        added: ['карантин', 'избиение', 'двойной пробел'],
        removed: [],
      });
      // Written another way (case, spaces), a tag in use is that tag; one already there, or not there, changes nothing.
      const again = await cases.tags.change(insider, ids.open!, { add: ['Карантин'], remove: ['ДВОЙНОЙ  пробел', 'нет-такого'] });
      expect(again).toEqual({ tags: ['избиение', 'карантин'], added: [], removed: ['двойной пробел'] });
      expect(await cases.tags.change(insider, ids.open!, { add: ['избиение'] })).toMatchObject({ added: [], removed: [] });
      expect((await cases.incidents.get(insider, ids.open!)).tags).toEqual(['избиение', 'карантин']);
      const rows = await cases.audit.list({ action: 'tagged', recordType: 'incident', limit: 50 });
      const ofOpen = rows.filter((r) => r.recordId === ids.open).map((r) => r.detail);
      expect(ofOpen).toHaveLength(2);
      expect(ofOpen).toContainEqual({ added: ['карантин', 'избиение', 'двойной пробел'], removed: [] });
      expect(ofOpen).toContainEqual({ added: [], removed: ['двойной пробел'] });
    });

    it('refuses a bad tag, too many tags, and a reader who may not edit', async () => {
      await expect(cases.tags.change(insider, ids.other!, { add: ['а\u0007б'] })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(cases.tags.change(insider, ids.other!, { add: ['x'.repeat(41)] })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(cases.tags.change(insider, ids.other!, { add: ['а'], remove: ['А'] })).rejects.toBeInstanceOf(InvalidInputError);
      const many = Array.from({ length: 21 }, (_, i) => `тег-${i}`);
      await expect(cases.tags.change(insider, ids.other!, { add: many })).rejects.toBeInstanceOf(InvalidInputError);
      const reader: Viewer = { ...insider, role: 'viewer' };
      await expect(cases.tags.change(reader, ids.other!, { add: ['тег'] })).rejects.toBeInstanceOf(ForbiddenError);
      expect((await cases.incidents.get(insider, ids.other!)).tags).toEqual([]);
    });

    it('finds incidents by a tag, in the words of a search and as a facet and filter', async () => {
      const byWord = await cases.search.incidents(insider, { q: 'избиение' });
      expect(byWord.hits.map((h) => h.id)).toContain(ids.open);
      const all = await cases.search.incidents(insider, {});
      expect(all.facets.tag).toEqual([
        { value: 'карантин', count: 2 },
        { value: 'избиение', count: 1 },
        { value: 'Оперативная-Тайна', count: 1 },
      ]);
      const filtered = await cases.search.incidents(insider, { tag: ['карантин'] });
      expect(filtered.hits.map((h) => h.id).sort()).toEqual([ids.open, ids.secret].sort());
      expect(filtered.hits.find((h) => h.id === ids.open)!.tags).toEqual(['избиение', 'карантин']);
      expect((await cases.tags.choices(insider)).tags.map((t) => t.value)).toEqual(['карантин', 'избиение', 'Оперативная-Тайна']);
    });

    it('never shows an outsider a tag of a restricted incident: not in facets, choices, search or the spelling of a tag', async () => {
      expect((await cases.tags.choices(outsider)).tags).toEqual([
        { value: 'избиение', count: 1 },
        { value: 'карантин', count: 1 },
      ]);
      const all = await cases.search.incidents(outsider, {});
      expect(all.facets.tag!.map((t) => t.value)).not.toContain('Оперативная-Тайна');
      expect(all.facets.tag!.find((t) => t.value === 'карантин')!.count).toBe(1);
      expect((await cases.search.incidents(outsider, { q: 'оперативная' })).total).toBe(0);
      expect((await cases.search.incidents(outsider, { tag: ['Оперативная-Тайна'] })).total).toBe(0);
      // The outsider's own tag written like the hidden one stays as they wrote it: the hidden spelling is not offered.
      expect((await cases.tags.change(outsider, ids.other!, { add: ['оперативная-тайна'] })).tags).toEqual(['оперативная-тайна']);
      await cases.tags.change(outsider, ids.other!, { remove: ['оперативная-тайна'] });
    });

    it('answers an outsider tagging a restricted incident as it answers a missing one', async () => {
      for (const id of [ids.secret!, MISSING]) {
        await expect(cases.tags.change(outsider, id, { add: ['подброшенный'] })).rejects.toBeInstanceOf(NotFoundError);
        await expect(cases.tags.change(outsider, id, { remove: ['карантин'] })).rejects.toBeInstanceOf(NotFoundError);
      }
      const result = await cases.incidentBulk.tag(outsider, [ids.secret!, MISSING], 'подброшенный', 'add');
      expect(result.results).toEqual([
        { id: ids.secret, outcome: 'not-found' },
        { id: MISSING, outcome: 'not-found' },
      ]);
      expect((await cases.incidents.get(insider, ids.secret!)).tags).toEqual(['Оперативная-Тайна', 'карантин']);
    });

    it('tags and untags several incidents at once, saying what became of each', async () => {
      const added = await cases.incidentBulk.tag(insider, [ids.open!, ids.other!, ids.secret!, MISSING, ids.other!], 'проверено', 'add');
      expect(added.results).toEqual([
        { id: ids.open, outcome: 'tagged' },
        { id: ids.other, outcome: 'tagged' },
        { id: ids.secret, outcome: 'tagged' },
        { id: MISSING, outcome: 'not-found' },
      ]);
      const again = await cases.incidentBulk.tag(insider, [ids.open!], 'Проверено', 'add');
      expect(again.results).toEqual([{ id: ids.open, outcome: 'unchanged' }]);
      const removed = await cases.incidentBulk.tag(insider, [ids.open!, ids.other!], 'проверено', 'remove');
      expect(removed.results).toEqual([
        { id: ids.open, outcome: 'untagged' },
        { id: ids.other, outcome: 'untagged' },
      ]);
      expect((await cases.incidentBulk.tag(insider, [ids.open!], 'проверено', 'remove')).results).toEqual([{ id: ids.open, outcome: 'unchanged' }]);
      // Each incident changed has its own audit row, as its own change would.
      const rows = await cases.audit.list({ action: 'tagged', recordType: 'incident', limit: 100 });
      expect(
        rows
          .filter((r) => (r.detail.added as string[]).includes('проверено'))
          .map((r) => r.recordId)
          .sort(),
      ).toEqual([ids.open, ids.other, ids.secret].sort());
      const reader: Viewer = { ...insider, role: 'viewer' };
      await expect(cases.incidentBulk.tag(reader, [ids.open!], 'x', 'add')).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('exports the selected incidents the caller may see as CSV, in the order asked, and writes the export to the audit trail', async () => {
      const asked = [ids.other!, ids.secret!, MISSING, ids.open!];
      const inside = await cases.csv.exportSelected(insider, asked);
      expect(inside.results).toEqual([
        { id: ids.other, outcome: 'exported' },
        { id: ids.secret, outcome: 'exported' },
        { id: MISSING, outcome: 'not-found' },
        { id: ids.open, outcome: 'exported' },
      ]);
      const rows = parse(inside.csv, { columns: true, bom: true }) as Array<Record<string, string>>;
      expect(rows.map((r) => r.id)).toEqual([ids.other, ids.secret, ids.open]);
      expect(rows.find((r) => r.id === ids.open)!.tags).toBe('избиение; карантин');

      // Outside the compartment, the restricted incident is answered as the missing one, and is not in the file.
      const outside = await cases.csv.exportSelected(outsider, asked);
      expect(outside.results).toEqual([
        { id: ids.other, outcome: 'exported' },
        { id: ids.secret, outcome: 'not-found' },
        { id: MISSING, outcome: 'not-found' },
        { id: ids.open, outcome: 'exported' },
      ]);
      expect(outside.csv).not.toContain(ids.secret);
      expect(outside.csv).not.toContain('закрытый');
      expect(outside.csv).not.toContain('Оперативная');

      const exports = await cases.audit.list({ action: 'exported-csv', recordType: 'incident', limit: 10 });
      const byOutsider = exports.find((r) => r.userId === outsider.userId)!;
      expect(byOutsider.detail).toEqual({ incidents: [ids.other, ids.open] });
      expect(exports.find((r) => r.userId === insider.userId)!.detail).toEqual({ incidents: [ids.other, ids.secret, ids.open] });
      const reader: Viewer = { ...insider, role: 'viewer' };
      await expect(cases.csv.exportSelected(reader, [ids.open!])).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('carries tags through the whole CSV export and back in through an import', async () => {
      const exported = await cases.csv.exportIncidents(insider);
      const row = (parse(exported, { columns: true, bom: true }) as Array<Record<string, string>>).find((r) => r.id === ids.open)!;
      expect(row.tags).toBe('избиение; карантин');
      const text = `title_ru,date_precision,documentation_status,tags\nВымышленный импорт,approximate,reported,"Карантин; новый тег"\n`;
      expect(await cases.csv.importIncidents(insider, text, false)).toEqual({ imported: 1, errors: [] });
      const found = await cases.search.incidents(insider, { q: 'импорт' });
      expect(found.hits[0]!.tags).toEqual(['карантин', 'новый тег']);
      const bad = await cases.csv.importIncidents(
        insider,
        `title_ru,date_precision,documentation_status,tags\nПлохой,approximate,reported,"${'x'.repeat(41)}"\n`,
        false,
      );
      expect(bad).toMatchObject({ imported: 0, errors: [{ line: 2, field: 'tags' }] });
    });
  });
}
