import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import type { IncidentSearch } from '../../src/cases/search/search-service.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { generateSearchCorpus, type SearchCorpus } from '../../bench/search-data.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';

const pgUp = await postgresAvailable();

const REQUESTS = (c: SearchCorpus): IncidentSearch[] => [
  { q: 'избиение' },
  { q: 'избили', sort: 'date-asc', limit: 40 },
  { q: 'пытки током', offset: 10 },
  { q: 'beating' },
  { q: 'Obraztsov' },
  { q: 'Schablonow', sort: 'updated-desc' },
  { actType: ['torture-electric-shocks'] },
  { region: [c.regions[1]!], year: [2021, 2022] },
  { facility: [c.facilityIds[3]!], sort: 'date-asc' },
  { intervention: ['criminal-case-opened'], hasEvidence: false },
  { q: 'медицинской помощи', hasEvidence: true },
  { sort: 'date-desc', limit: 100 },
  {},
];

describe.skipIf(!pgUp)('search gives the same results on SQLite and PostgreSQL', () => {
  const sides: Array<{ testDb: TestDatabase; database: OpenDatabase; cases: Cases; corpus: SearchCorpus }> = [];
  let viewer: Viewer;

  beforeAll(async () => {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const testDb = await createTestDatabase(kind);
      const database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      const corpus = await generateSearchCorpus(database.db, { incidents: 600, actsPerIncident: 6, people: 800, facilities: 20 }, () => undefined);
      const cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Parity', passwordCost: { logN: 10 } });
      sides.push({ testDb, database, cases, corpus });
    }
    viewer = { userId: 'usr_0000000000000000', role: 'viewer', compartments: new Set([sides[0]!.corpus.compartments[0]!]) };
  }, 120_000);
  afterAll(async () => {
    for (const side of sides) {
      await side.database.close();
      await side.testDb.drop();
    }
  });

  const searchBoth = (request: IncidentSearch) => Promise.all(sides.map((s) => s.cases.search.incidents(viewer, request)));

  it('for text, names, every facet, sorting and paging', async () => {
    for (const request of REQUESTS(sides[0]!.corpus)) {
      const [sqlite, postgres] = await searchBoth(request);
      expect(sqlite!.total, JSON.stringify(request)).toBeGreaterThan(0);
      expect(postgres, JSON.stringify(request)).toEqual(sqlite);
    }
    for (const q of ['Obraztsov', 'Примеров', 'Schablonow']) {
      const [sqlite, postgres] = await Promise.all(sides.map((s) => s.cases.search.people(viewer, q, 50, 0)));
      expect(sqlite!.total, q).toBeGreaterThan(0);
      expect(postgres, q).toEqual(sqlite);
    }
  });

  it('gives the same first page from the bounded heap as from a full sort', async () => {
    const cases = sides[0]!.cases;
    for (const sort of ['relevance', 'date-desc', 'date-asc', 'updated-desc'] as const) {
      const q = sort === 'relevance' ? 'избиение' : undefined;
      const page = await cases.search.incidents(viewer, { q, sort, limit: 7, offset: 3 });
      const all = await cases.search.incidents(viewer, { q, sort, limit: 200 });
      expect(all.total, sort).toBeLessThanOrEqual(200 * 4); // the full sort path
      expect(page.total, sort).toBeGreaterThan((3 + 7) * 4); // and the page goes through the bounded heap
      expect(
        page.hits.map((h) => h.id),
        sort,
      ).toEqual(all.hits.slice(3, 10).map((h) => h.id));
    }
  });

  it('after the same edits on both', async () => {
    for (const side of sides) {
      const editor: Viewer = { userId: 'usr_0000000000000001', role: 'admin', compartments: new Set(side.corpus.compartments) };
      const first = await side.cases.incidents.get(editor, side.corpus.incidentIds[0]!);
      await side.cases.incidents.update(editor, first.incident.id, first.incident.version, {
        titleRu: 'Совершенно новое название: электрошокер',
        titleEn: first.incident.titleEn,
        datePrecision: 'year',
        dateStart: '2030',
        documentationStatus: 'verified',
      });
      await side.cases.incidents.remove(
        editor,
        side.corpus.incidentIds[1]!,
        (await side.cases.incidents.get(editor, side.corpus.incidentIds[1]!)).incident.version,
      );
    }
    const [sqlite, postgres] = await searchBoth({ q: 'электрошокер' });
    expect(sqlite!.hits.map((h) => h.id)).toEqual([sides[0]!.corpus.incidentIds[0]]);
    expect(postgres).toEqual(sqlite);
    const [all1, all2] = await searchBoth({ sort: 'date-desc', limit: 5 });
    expect(all1!.hits[0]!.dateStart).toBe('2030');
    expect(all2).toEqual(all1);
    expect(all1!.hits.map((h) => h.id)).not.toContain(sides[0]!.corpus.incidentIds[1]);
  });
});

describe.skipIf(!pgUp)('two server processes on one PostgreSQL database', () => {
  let testDb: TestDatabase;
  const processes: Array<{ database: OpenDatabase; cases: Cases }> = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      const database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      const cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Two', passwordCost: { logN: 10 } });
      await cases.actTypes.seed();
      processes.push({ database, cases });
    }
  });
  afterAll(async () => {
    for (const p of processes) await p.database.close();
    await testDb?.drop();
  });

  it('each sees the other one’s writes at its next search', async () => {
    const [a, b] = processes as unknown as [{ cases: Cases }, { cases: Cases }];
    const editor: Viewer = { userId: 'usr_0000000000000009', role: 'investigator', compartments: new Set() };
    expect((await b.cases.search.incidents(editor, {})).total).toBe(0); // b loads its index now
    const { id } = await a.cases.incidents.create(editor, {
      titleRu: 'Избиение в ШИЗО',
      titleEn: 'Beating',
      datePrecision: 'year',
      dateStart: '2024',
      documentationStatus: 'reported',
    });
    expect((await b.cases.search.incidents(editor, { q: 'избили' })).hits.map((h) => h.id)).toEqual([id]);
    const person = await b.cases.people.create(editor, { kinds: ['witness'], names: [{ name: 'Свидетель Условный', kind: 'official' }] });
    expect((await a.cases.search.people(editor, 'Uslovny', 10, 0)).people.map((p) => p.id)).toEqual([person.id]);
    await a.cases.incidents.remove(editor, id, 1);
    expect((await b.cases.search.incidents(editor, { q: 'избили' })).total).toBe(0);
  });
});
