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

/**
 * The side doors around a compartment, through the API an outsider uses: archives that hold a
 * restricted file, restrictions lost with a deletion or an unlinking, messages that confirm a hidden
 * record exists, and the paths of ingest batches.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`compartments without side doors on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let insider: Viewer;
    let compartment: string;
    let outsider: ApiClient;
    let member: ApiClient;
    let adminOutside: ApiClient;
    let adminInside: ApiClient;
    let adminUserId: string;
    const ids: Record<string, string> = {};
    let secretBytes: Buffer;

    async function restrictedIncident(title: string): Promise<string> {
      return (await cases.incidents.create(insider, { titleRu: title, titleEn: title, ...open, compartmentId: compartment })).id;
    }

    beforeAll(async () => {
      home = await createTestHome(kind);
      const pack = path.join(home.dir, 'pack');
      const leak = path.join(home.dir, 'leak');
      fs.mkdirSync(pack);
      fs.mkdirSync(leak);
      secretBytes = crypto.randomBytes(70_000);
      fs.writeFileSync(path.join(pack, 'secret.mp4'), secretBytes);
      fs.writeFileSync(path.join(pack, 'sibling.txt'), crypto.randomBytes(500));
      execFileSync('tar', ['czf', path.join(leak, 'bundle.tar.gz'), '-C', pack, 'secret.mp4', 'sibling.txt']);
      // The same archive inside another one: a container nested in a container.
      execFileSync('tar', ['czf', path.join(leak, 'nested.tar.gz'), '-C', leak, 'bundle.tar.gz']);
      for (const name of ['plain.bin', 'deleted-incident.bin', 'unlinked.bin', 'reopened.bin', 'shared.bin', 'released.bin', 'moved.bin', 'loose-too.bin'])
        fs.writeFileSync(path.join(leak, name), crypto.randomBytes(900));
      // An archive restricted as a whole: one file found only inside it, one also found loose.
      fs.writeFileSync(path.join(pack, 'only-inside.txt'), crypto.randomBytes(800));
      fs.copyFileSync(path.join(leak, 'loose-too.bin'), path.join(pack, 'loose-too.bin'));
      execFileSync('zip', ['-q', '-j', path.join(leak, 'whole.zip'), path.join(pack, 'only-inside.txt'), path.join(pack, 'loose-too.bin')]);
      await ingestNamingItems(home, leak, ids);
      // A later ingest of the loose archive's parent folder under another root, already holding the secret.
      const later = path.join(home.dir, 'later');
      fs.mkdirSync(later);
      fs.copyFileSync(path.join(leak, 'bundle.tar.gz'), path.join(later, 'copy.tar.gz'));
      fs.writeFileSync(path.join(later, 'harmless.bin'), crypto.randomBytes(600));
      await ingestNamingItems(home, later, ids);
      const unrelated = path.join(home.dir, 'unrelated');
      fs.mkdirSync(unrelated);
      fs.writeFileSync(path.join(unrelated, 'other.bin'), crypto.randomBytes(700));
      await ingestNamingItems(home, unrelated, ids);

      ({
        cases,
        app,
        member,
        adminInside,
        adminInsideId: adminUserId,
        compartment,
        insider,
        outsider,
        adminOutside,
      } = await openCompartmentWorld(home, `Closed ${kind}`));
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    const status = async (client: ApiClient, url: string) => (await client.request('GET', url)).statusCode;
    const listed = async (client: ApiClient): Promise<string[]> =>
      (await client.request('GET', '/api/vault/items?limit=500')).json().items.map((i: { id: string }) => i.id);

    it('hides every archive that holds a restricted item, however deep, and never serves its bytes', async () => {
      for (const name of ['secret.mp4', 'sibling.txt', 'bundle.tar.gz', 'nested.tar.gz', 'copy.tar.gz', 'plain.bin']) expect(ids[name], name).toBeDefined();
      expect(ids['copy.tar.gz']).toBe(ids['bundle.tar.gz']);
      const before = (await outsider.request('GET', `/api/vault/items/${ids['bundle.tar.gz']}/content`)).statusCode;
      expect(before).toBe(200);

      const incident = await restrictedIncident('Секретное видео');
      await cases.parts.linkEvidence(insider, incident, { itemId: ids['secret.mp4']! });

      for (const name of ['secret.mp4', 'bundle.tar.gz', 'nested.tar.gz']) {
        expect(await status(outsider, `/api/vault/items/${ids[name]}`), name).toBe(404);
        expect(await status(outsider, `/api/vault/items/${ids[name]}/content`), name).toBe(404);
        expect(await status(member, `/api/vault/items/${ids[name]}`), name).toBe(200);
      }
      const seen = await listed(outsider);
      expect(seen).not.toContain(ids['bundle.tar.gz']);
      expect(seen).not.toContain(ids['nested.tar.gz']);
      expect(seen).toContain(ids['sibling.txt']);
      expect(seen).toContain(ids['plain.bin']);
      const whole = await member.request('GET', `/api/vault/items/${ids['secret.mp4']}/content`);
      expect(whole.rawPayload.equals(secretBytes)).toBe(true);

      // An outsider cannot link the archive either: it is as absent as an id that does not exist.
      const mine = (await cases.incidents.create({ ...insider, compartments: new Set() }, { titleRu: 'Моё', titleEn: 'Mine', ...open })).id;
      const refused = await outsider.request('POST', `/api/incidents/${mine}/evidence`, { itemId: ids['nested.tar.gz'] });
      const absent = await outsider.request('POST', `/api/incidents/${mine}/evidence`, { itemId: 'itm_0000000000000000' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.message.replace(ids['nested.tar.gz']!, 'X')).toBe(absent.json().error.message.replace('itm_0000000000000000', 'X'));
    });

    it('shows an item found inside a hidden archive without the path that names the archive', async () => {
      const sibling = (await outsider.request('GET', `/api/vault/items/${ids['sibling.txt']}`)).json();
      expect(sibling.sources).toEqual([]);
      expect(JSON.stringify(sibling)).not.toMatch(/bundle|nested|copy\.tar/);
      const insiderView = (await member.request('GET', `/api/vault/items/${ids['sibling.txt']}`)).json();
      expect(insiderView.sources.map((s: { location: string }) => path.basename(s.location.split('!/')[0]!))).toEqual(
        expect.arrayContaining(['bundle.tar.gz', 'copy.tar.gz']),
      );
    });

    it('hides a file found only inside an archive restricted as a whole, but not one also found elsewhere', async () => {
      expect(await status(outsider, `/api/vault/items/${ids['only-inside.txt']}`)).toBe(200);
      const incident = await restrictedIncident('Архив целиком');
      await cases.parts.linkEvidence(insider, incident, { itemId: ids['whole.zip']! });
      for (const name of ['whole.zip', 'only-inside.txt']) {
        expect(await status(outsider, `/api/vault/items/${ids[name]}`), name).toBe(404);
        expect(await status(outsider, `/api/vault/items/${ids[name]}/content`), name).toBe(404);
      }
      const looseToo = (await outsider.request('GET', `/api/vault/items/${ids['loose-too.bin']}`)).json();
      expect(looseToo.sources.map((s: { location: string }) => s.location)).toEqual([expect.stringMatching(/leak\/loose-too\.bin$/)]);
      expect((await member.request('GET', `/api/vault/items/${ids['only-inside.txt']}`)).json().restriction).toEqual({
        compartments: [],
        heldItems: false,
        insideRestricted: true,
      });
    });

    it('shows an ingest batch only to those who may see every item under its roots', async () => {
      const roots = async (client: ApiClient) =>
        ((await client.request('GET', '/api/vault/batches')).json() as Array<{ roots: string[] }>).flatMap((b) => b.roots.map((r) => path.basename(r)));
      expect(await roots(member)).toEqual(expect.arrayContaining(['leak', 'later', 'unrelated']));
      const outside = await roots(outsider);
      expect(outside).toContain('unrelated');
      expect(outside).not.toContain('leak');
      expect(outside).not.toContain('later');
    });

    it('keeps an item restricted when its incident is deleted, its link removed, or the incident opened', async () => {
      const deleted = await restrictedIncident('Удалённое');
      await cases.parts.linkEvidence(insider, deleted, { itemId: ids['deleted-incident.bin']! });
      await cases.incidents.remove(insider, deleted, 1);

      const unlinked = await restrictedIncident('Без ссылки');
      const link = await cases.parts.linkEvidence(insider, unlinked, { itemId: ids['unlinked.bin']! });
      expect((await member.request('DELETE', `/api/evidence-links/${link.id}`)).statusCode).toBe(200);

      const reopened = await restrictedIncident('Открытое позже');
      await cases.parts.linkEvidence(insider, reopened, { itemId: ids['reopened.bin']! });
      await cases.incidents.update(insider, reopened, 1, { titleRu: 'Открытое позже', titleEn: 'Opened later', ...open, compartmentId: null });

      for (const name of ['deleted-incident.bin', 'unlinked.bin', 'reopened.bin']) {
        expect(await status(outsider, `/api/vault/items/${ids[name]}`), name).toBe(404);
        expect(await status(outsider, `/api/vault/items/${ids[name]}/content`), name).toBe(404);
        expect(await listed(outsider), name).not.toContain(ids[name]);
      }
    });

    it("keeps an item that an open and a restricted incident share inside the compartment, and off the open incident's page", async () => {
      const openIncident = (await cases.incidents.create(insider, { titleRu: 'Общее', titleEn: 'Shared', ...open })).id;
      const openLink = (await cases.parts.linkEvidence(insider, openIncident, { itemId: ids['shared.bin']! })).id;
      expect(await status(outsider, `/api/vault/items/${ids['shared.bin']}`)).toBe(200);
      const withEvidence = async () => (await outsider.request('GET', `/api/incidents?q=Shared&hasEvidence=true`)).json().hits.map((h: { id: string }) => h.id);
      expect(await withEvidence()).toEqual([openIncident]);
      const closed = await restrictedIncident('Закрытое общее');
      await cases.parts.linkEvidence(insider, closed, { itemId: ids['shared.bin']! });
      expect(await status(outsider, `/api/vault/items/${ids['shared.bin']}`)).toBe(404);
      // Not even the facet confirms that the open incident has evidence the outsider may not see.
      expect(await withEvidence()).toEqual([]);
      const page = (await outsider.request('GET', `/api/incidents/${openIncident}`)).json();
      expect(page.evidence).toEqual([]);
      expect((await member.request('GET', `/api/incidents/${openIncident}`)).json().evidence.map((e: { itemId: string }) => e.itemId)).toEqual([
        ids['shared.bin'],
      ]);
      // The link the outsider cannot see cannot be removed by its id either: it is as absent as any other.
      const unlink = await adminOutside.request('DELETE', `/api/evidence-links/${openLink}`);
      const absent = await adminOutside.request('DELETE', '/api/evidence-links/evl_0000000000000000');
      expect(unlink.statusCode).toBe(404);
      expect(unlink.json().error.message.replace(openLink, 'ID')).toBe(absent.json().error.message.replace('evl_0000000000000000', 'ID'));
      expect((await member.request('GET', `/api/incidents/${openIncident}`)).json().evidence).toHaveLength(1);
    });

    it('lets only an administrator inside the compartment release an item, once no restricted incident uses it, and audits it', async () => {
      const incident = await restrictedIncident('Для снятия');
      const link = await cases.parts.linkEvidence(insider, incident, { itemId: ids['released.bin']! });
      const url = `/api/vault/items/${ids['released.bin']}/release`;
      expect((await member.request('POST', url)).statusCode).toBe(403);
      expect((await adminOutside.request('POST', url)).statusCode).toBe(404);
      const stillUsed = await adminInside.request('POST', url);
      expect(stillUsed.statusCode).toBe(409);
      expect(stillUsed.json().error.message).toContain(incident);

      await cases.parts.unlinkEvidence(insider, link.id);
      expect(await status(outsider, `/api/vault/items/${ids['released.bin']}`)).toBe(404);
      const released = await adminInside.request('POST', url);
      expect(released.statusCode).toBe(200);
      expect(released.json()).toMatchObject({ released: [compartment] });
      expect(await status(outsider, `/api/vault/items/${ids['released.bin']}`)).toBe(200);
      const audit = await cases.audit.list({ recordType: 'item', recordId: ids['released.bin'], limit: 20 });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['restricted', 'released']));
      expect(audit.find((a) => a.action === 'released')?.detail).toMatchObject({ compartments: [compartment] });

      // An incident moved to another compartment takes its evidence along and leaves the first one on it,
      // until it is released: only the compartment no live incident uses any more is released.
      const second = (
        await cases.accounts.createCompartment(
          { ...insider, role: 'admin' },
          { name: `Second ${kind}`, description: '', members: [insider.userId, adminUserId] },
        )
      ).id;
      const moving = await restrictedIncident('Переезжающее');
      await cases.parts.linkEvidence(insider, moving, { itemId: ids['moved.bin']! });
      const both = { ...insider, compartments: new Set([compartment, second]) };
      await cases.incidents.update(both, moving, 1, { titleRu: 'Переезжающее', titleEn: 'Moving', ...open, compartmentId: second });
      expect((await adminInside.request('GET', `/api/vault/items/${ids['moved.bin']}`)).json().restriction.compartments.sort()).toEqual(
        [compartment, second].sort(),
      );
      const partial = await adminInside.request('POST', `/api/vault/items/${ids['moved.bin']}/release`);
      expect(partial.statusCode).toBe(200);
      expect(partial.json()).toMatchObject({ released: [compartment], keptBy: [moving], restriction: { compartments: [second] } });

      // A container stays hidden while it holds a restricted item, whatever is released on the container itself.
      const bundle = (await adminInside.request('GET', `/api/vault/items/${ids['bundle.tar.gz']}`)).json();
      expect(bundle.restriction).toEqual({ compartments: [], heldItems: true, insideRestricted: false });
      const secret = (await adminInside.request('GET', `/api/vault/items/${ids['secret.mp4']}`)).json();
      expect(secret.restriction).toEqual({ compartments: [compartment], heldItems: false, insideRestricted: false });
    });

    it("answers an edit of a hidden incident's act, outcome, evidence link or incident link exactly as one of an id that does not exist", async () => {
      const hidden = await restrictedIncident('Скрытые части');
      const openOne = (await cases.incidents.create(insider, { titleRu: 'Открытое с цепочкой', titleEn: 'Open with a chain', ...open })).id;
      const victim = (await cases.people.create(insider, { kinds: ['victim'], names: [{ name: 'Кто-то Скрытый', kind: 'official' }] })).id;
      const act = (await cases.parts.addAct(insider, hidden, { actTypeId: 'beating', victimId: victim })).id;
      const intervention = (await cases.parts.addIntervention(insider, hidden, { kind: 'complaint', status: 'filed' })).id;
      const evidence = (await cases.parts.linkEvidence(insider, hidden, { itemId: ids['plain.bin']! })).id;
      // A chain from an open incident to the hidden one: the outsider sees the open end only.
      const chain = (await cases.parts.linkIncidents(insider, openOne, { toIncidentId: hidden, relation: 'led-to' })).id;

      const cases_: Array<[string, string, string, unknown?]> = [
        ['PUT', '/api/acts/', act, { version: 1, data: { actTypeId: 'beating' } }],
        ['DELETE', '/api/acts/', act],
        ['PUT', '/api/interventions/', intervention, { version: 1, data: { kind: 'complaint', status: 'refused' } }],
        ['DELETE', '/api/interventions/', intervention],
        ['DELETE', '/api/evidence-links/', evidence],
        ['DELETE', '/api/incident-links/', chain],
      ];
      for (const [method, prefix, id, body] of cases_) {
        const absentId = `${id.slice(0, 4)}${'0'.repeat(id.length - 4)}`;
        const real = await adminOutside.request(method, `${prefix}${id}`, body);
        const absent = await adminOutside.request(method, `${prefix}${absentId}`, body);
        expect(real.statusCode, `${method} ${prefix}`).toBe(404);
        expect(absent.statusCode, `${method} ${prefix}`).toBe(404);
        expect(real.body, `${method} ${prefix}`).not.toContain(hidden);
        expect(real.json().error.message.replace(id, 'ID'), `${method} ${prefix}`).toBe(absent.json().error.message.replace(absentId, 'ID'));
      }
    });
  });
}
