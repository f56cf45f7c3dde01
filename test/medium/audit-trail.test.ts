import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { AuditEntry } from '../../src/cases/index.js';
import type { Cases } from '../../src/cases/open-cases.js';
import type { App } from '../../src/server/app-types.js';
import type { ApiClient } from '../helpers/api-client.js';
import { openCompartmentWorld } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();
const open = { datePrecision: 'year' as const, dateStart: '2025', documentationStatus: 'reported' as const };

/** The audit trail as administrators read it: titles of what they may see, filters, and one row per search of restricted records. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`audit trail on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let insider: Viewer;
    let member: ApiClient;
    let adminInside: ApiClient;
    let adminOutside: ApiClient;
    let compartment: string;
    const restricted: string[] = [];
    let openIncident = '';

    const audit = async (client: ApiClient, query: string) => (await client.request('GET', `/api/audit?${query}`)).json() as AuditEntry[];
    const memberId = () => insider.userId;

    beforeAll(async () => {
      home = await createTestHome(kind);
      ({ cases, app, member, adminInside, adminOutside, compartment, insider } = await openCompartmentWorld(home, `Audit ${kind}`));
      for (let i = 0; i < 4; i++)
        restricted.push(
          (await cases.incidents.create(insider, { titleRu: `Закрытое дело ${i}`, titleEn: `Closed case ${i}`, ...open, compartmentId: compartment })).id,
        );
      openIncident = (await cases.incidents.create(insider, { titleRu: 'Открытое дело', titleEn: 'Open case', ...open })).id;
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    it('writes one listed-restricted row per search, not one per view of its list', async () => {
      const listed = async () => (await audit(adminInside, `userId=${memberId()}&action=listed-restricted&limit=500`)).length;
      const view = async (query: string) => expect((await member.request('GET', `/api/incidents?${query}`)).statusCode).toBe(200);
      await view('limit=2&offset=0');
      expect(await listed()).toBe(1);
      await view('limit=2&offset=0'); // a reload
      await view('limit=2&offset=0&sort=date-asc'); // another order
      expect(await listed()).toBe(1);
      await view('limit=2&offset=2'); // the next page: two restricted incidents not logged yet
      expect(await listed()).toBe(2);
      await view('limit=2&offset=0'); // back to the first page
      await view('limit=2&offset=2');
      expect(await listed()).toBe(2);
      await view('q=closed&limit=25'); // another search
      expect(await listed()).toBe(3);
      const rows = await audit(adminInside, `userId=${memberId()}&action=listed-restricted&limit=500`);
      const named = rows.flatMap((r) => r.detail.incidents as string[]);
      expect(new Set(named)).toEqual(new Set(restricted));
    });

    it('titles the records it names, and filters by person, record, action and dates', async () => {
      const rows = await audit(adminInside, `recordType=incident&recordId=${openIncident}`);
      expect(rows.map((r) => r.action)).toEqual(['created']);
      expect(rows[0]!.titles[openIncident]).toEqual({ ru: 'Открытое дело', en: 'Open case' });
      expect(rows[0]!.titles[memberId()]).toBeDefined();
      const byPerson = await audit(adminInside, `userId=${memberId()}&action=created&limit=500`);
      expect(byPerson).toHaveLength(5);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(await audit(adminInside, `from=${encodeURIComponent(future)}`)).toEqual([]);
      expect((await audit(adminInside, `to=${encodeURIComponent(future)}&userId=${memberId()}&action=created`)).length).toBe(5);
      // Paging with the last entry's instant and id, none twice.
      const first = await audit(adminInside, `userId=${memberId()}&action=created&limit=3`);
      const last = first[first.length - 1]!;
      const next = await audit(adminInside, `userId=${memberId()}&action=created&limit=3&before=${encodeURIComponent(last.at)}&beforeId=${last.id}`);
      expect([...first, ...next].map((r) => r.id)).toEqual(byPerson.map((r) => r.id));
    });

    it('shows an administrator outside the compartment neither the rows nor the titles of restricted incidents', async () => {
      const all = JSON.stringify(await audit(adminOutside, 'limit=500'));
      for (const id of restricted) expect(all).not.toContain(id);
      expect(all).not.toContain('Closed case');
      expect(all).not.toContain('Закрытое дело');
      expect(all).toContain('Open case');
      const hidden = await audit(adminOutside, `recordType=incident&recordId=${restricted[0]}`);
      const absent = await audit(adminOutside, 'recordType=incident&recordId=inc_0000000000000000');
      expect(hidden).toEqual(absent);
    });
  });
}
