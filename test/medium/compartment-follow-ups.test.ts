import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import type { App } from '../../src/server/app-types.js';
import type { ApiClient } from '../helpers/api-client.js';
import { ingestNamingItems, openCompartmentWorld } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

const open = { datePrecision: 'year' as const, dateStart: '2025', documentationStatus: 'reported' as const };

interface AuditEntry {
  action: string;
  recordType: string;
  recordId: string | null;
  detail: Record<string, unknown>;
}

/**
 * Around the fixes of the compartment review: the workaround for archives whose contents Vigil never
 * recorded (restrict the archive by linking it), the other ways a person comes to appear only in a
 * restricted incident, and what the audit trail leaves out or blanks for an administrator outside.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`compartment follow-ups on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let insider: Viewer;
    let outsider: ApiClient;
    let member: ApiClient;
    let adminOutside: ApiClient;
    let adminInside: ApiClient;
    let compartment: string;
    const ids: Record<string, string> = {};

    async function restrictedIncident(title: string): Promise<string> {
      return (await cases.incidents.create(insider, { titleRu: title, titleEn: title, ...open, compartmentId: compartment })).id;
    }

    const status = async (client: ApiClient, url: string) => (await client.request('GET', url)).statusCode;
    const audit = async (client: ApiClient, query = 'limit=500') => (await client.request('GET', `/api/audit?${query}`)).json() as AuditEntry[];

    beforeAll(async () => {
      home = await createTestHome(kind);
      const pack = path.join(home.dir, 'pack');
      const loose = path.join(home.dir, 'loose');
      const flat = path.join(home.dir, 'flat');
      const nest = path.join(home.dir, 'nest');
      for (const dir of [pack, loose, flat, nest]) fs.mkdirSync(dir);
      for (const name of ['flat-secret.bin', 'nested-secret.bin', 'open-evidence.bin', 'hidden-evidence.bin'])
        fs.writeFileSync(path.join(loose, name), crypto.randomBytes(1500));
      execFileSync('tar', ['cf', path.join(flat, 'flat.tar'), '-C', loose, 'flat-secret.bin']);
      execFileSync('tar', ['cf', path.join(pack, 'inner.tar'), '-C', loose, 'nested-secret.bin']);
      execFileSync('tar', ['cf', path.join(nest, 'outer.tar'), '-C', pack, 'inner.tar']);
      await ingestNamingItems(home, loose, ids);
      await ingestNamingItems(home, flat, ids, false); // `vigil ingest --no-expand`
      await ingestNamingItems(home, nest, ids); // inner.tar is recorded inside outer.tar, but never expanded itself

      ({ cases, app, member, adminInside, compartment, insider, outsider, adminOutside } = await openCompartmentWorld(home, `Closed ${kind}`));
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    it('hides an archive whose contents were never recorded once it is linked to the restricted incident, with every archive that holds it', async () => {
      for (const name of ['flat-secret.bin', 'flat.tar', 'nested-secret.bin', 'inner.tar', 'outer.tar']) expect(ids[name], name).toBeDefined();
      const incident = await restrictedIncident('Архивы без описи');
      for (const name of ['flat-secret.bin', 'nested-secret.bin', 'flat.tar', 'inner.tar'])
        await cases.parts.linkEvidence(insider, incident, { itemId: ids[name]! });
      for (const name of ['flat.tar', 'inner.tar', 'outer.tar']) {
        expect(await status(outsider, `/api/vault/items/${ids[name]}`), name).toBe(404);
        expect(await status(outsider, `/api/vault/items/${ids[name]}/content`), name).toBe(404);
        expect(await status(member, `/api/vault/items/${ids[name]}`), name).toBe(200);
      }
    });

    it('hides a person once the act or intervention that named them in an open incident is removed or changed', async () => {
      const person = async (name: string) => (await cases.people.create(insider, { kinds: ['victim'], names: [{ name, kind: 'official' }] })).id;
      const [byAct, byEdit, byIntervention] = [await person('Удалённый Акт'), await person('Изменённый Акт'), await person('Удалённое Обращение')];
      const openOne = (await cases.incidents.create(insider, { titleRu: 'Открытое', titleEn: 'Open', ...open })).id;
      const hidden = await restrictedIncident('Закрытое');
      const removed = await cases.parts.addAct(insider, openOne, { actTypeId: 'beating', victimId: byAct });
      const edited = await cases.parts.addAct(insider, openOne, { actTypeId: 'beating', victimId: byEdit });
      const intervention = await cases.parts.addIntervention(insider, openOne, { kind: 'complaint', status: 'filed', personId: byIntervention });
      for (const victim of [byAct, byEdit, byIntervention]) await cases.parts.addAct(insider, hidden, { actTypeId: 'beating', victimId: victim });
      for (const victim of [byAct, byEdit, byIntervention]) expect(await status(outsider, `/api/people/${victim}`)).toBe(200);

      await cases.parts.removeAct(insider, removed.id);
      await cases.parts.updateAct(insider, edited.id, 1, { actTypeId: 'beating' });
      await cases.parts.removeIntervention(insider, intervention.id);
      for (const victim of [byAct, byEdit, byIntervention]) {
        expect(await status(outsider, `/api/people/${victim}`), victim).toBe(404);
        expect(await status(member, `/api/people/${victim}`), victim).toBe(200);
      }
    });

    it("leaves out of the audit trail, for an administrator outside, an open incident's link to hidden evidence and the restricted incidents an insider listed", async () => {
      const openOne = (await cases.incidents.create(insider, { titleRu: 'Открытое с уликами', titleEn: 'Open with evidence', ...open })).id;
      await cases.parts.linkEvidence(insider, await restrictedIncident('Закрытое с уликой'), { itemId: ids['hidden-evidence.bin']! });
      const hiddenLink = (await cases.parts.linkEvidence(insider, openOne, { itemId: ids['hidden-evidence.bin']! })).id;
      const openLink = (await cases.parts.linkEvidence(insider, openOne, { itemId: ids['open-evidence.bin']! })).id;
      const listed = (await member.request('GET', `/api/incidents?q=${encodeURIComponent('Закрытое')}`))
        .json()
        .hits.map((h: { id: string }) => h.id) as string[];
      expect(listed.length).toBeGreaterThan(0);

      const outside = JSON.stringify(await audit(adminOutside));
      expect(outside).toContain(openLink);
      expect(outside).not.toContain(hiddenLink);
      expect(outside).not.toContain(ids['hidden-evidence.bin']);
      for (const id of listed) expect(outside).not.toContain(id);
      const inside = JSON.stringify(await audit(adminInside));
      for (const id of [openLink, hiddenLink, ids['hidden-evidence.bin']!, ...listed]) expect(inside).toContain(id);
    });

    it("blanks a hidden perpetrator in an open incident's history, and keeps pages full past hidden entries", async () => {
      const openOne = (await cases.incidents.create(insider, { titleRu: 'Открытое с исполнителем', titleEn: 'Open with a perpetrator', ...open })).id;
      const perpetrator = (
        await cases.people.create(insider, { kinds: ['perpetrator'], names: [{ name: 'Скрытый Исполнитель', kind: 'official' }], compartmentId: compartment })
      ).id;
      const act = (await cases.parts.addAct(insider, openOne, { actTypeId: 'beating', perpetrators: [{ personId: perpetrator, degree: 'ordered' }] })).id;
      await cases.parts.updateAct(insider, act, 1, { actTypeId: 'humiliation', perpetrators: [{ personId: perpetrator, degree: 'ordered' }] });
      const history = await audit(adminOutside, `recordType=incident&recordId=${openOne}`);
      const updated = history.find((e) => e.action === 'act-updated');
      expect(updated?.detail).toMatchObject({ part: act, before: { perpetrators: [expect.objectContaining({ perpetrator_id: null, degree: 'ordered' })] } });
      expect(JSON.stringify(history)).not.toContain(perpetrator);

      // Many entries an outsider may not see, newer than everything else: a page still holds as many as asked.
      const hidden = await restrictedIncident('Много записей');
      for (let i = 0; i < 12; i++) await cases.incidents.get(insider, hidden);
      const page = await audit(adminOutside, 'limit=5');
      expect(page).toHaveLength(5);
      expect(JSON.stringify(page)).not.toContain(hidden);
      expect((await audit(adminInside, 'limit=5')).every((e) => e.recordId === hidden)).toBe(true);
    });
  });
}
