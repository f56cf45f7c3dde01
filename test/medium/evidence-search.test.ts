import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cases } from '../../src/cases/open-cases.js';
import type { App } from '../../src/server/app-types.js';
import { derivedEntry, type ItemHits } from '../../src/vault/index.js';
import type { ApiClient } from '../helpers/api-client.js';
import { ingestNamingItems, openCompartmentWorld } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

/** The evidence picker's search (GET /api/vault/search): by file name and folder, within the viewer's compartments. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`the evidence search on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let member: ApiClient;
    let outsider: ApiClient;
    const ids: Record<string, string> = {};
    let posterId = '';

    const search = async (client: ApiClient, params: string): Promise<ItemHits> => {
      const response = await client.request('GET', `/api/vault/search?${params}`);
      expect(response.statusCode).toBe(200);
      return response.json() as ItemHits;
    };
    const names = (hits: ItemHits) => hits.items.map((h) => h.name).sort();

    beforeAll(async () => {
      home = await createTestHome(kind);
      const leak = path.join(home.dir, 'Колония 7');
      const pack = path.join(home.dir, 'pack');
      fs.mkdirSync(leak);
      fs.mkdirSync(pack);
      fs.writeFileSync(path.join(leak, 'yard-camera_2025.mp4'), crypto.randomBytes(2000));
      fs.writeFileSync(path.join(leak, 'cell 4 notes.txt'), 'fictional notes\n');
      fs.writeFileSync(path.join(leak, 'yard-secret.mp4'), crypto.randomBytes(2100));
      fs.writeFileSync(path.join(pack, 'inside-only.txt'), 'only inside a restricted archive\n');
      fs.writeFileSync(path.join(pack, 'keeper.mp4'), crypto.randomBytes(1900));
      execFileSync('zip', ['-q', '-j', path.join(leak, 'hidden-bundle.zip'), path.join(pack, 'inside-only.txt')]);
      execFileSync('zip', ['-q', '-j', path.join(leak, 'open-bundle.zip'), path.join(pack, 'keeper.mp4')]);
      await ingestNamingItems(home, leak, ids);
      const posters: string[] = [];
      const poster = derivedEntry(ids['yard-camera_2025.mp4']!, 'poster.jpg', async () => ({
        async *[Symbol.asyncIterator]() {
          yield crypto.randomBytes(1500);
        },
        destroy: () => undefined,
      }));
      await home.vigil.ingest.ingestEntries('derived', [poster], { onItem: (item) => posters.push(item.id) });
      posterId = posters[0]!;
      const world = await openCompartmentWorld(home, 'closed');
      ({ cases, app, member, outsider } = world);
      const closed = (
        await cases.incidents.create(world.insider, {
          titleRu: 'Закрытое',
          titleEn: 'Closed',
          datePrecision: 'year',
          dateStart: '2025',
          documentationStatus: 'reported',
          compartmentId: world.compartment,
        })
      ).id;
      await cases.parts.linkEvidence(world.insider, closed, { itemId: ids['yard-secret.mp4']! });
      await cases.parts.linkEvidence(world.insider, closed, { itemId: ids['hidden-bundle.zip']! });
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    it('finds items by part of a file name, in any case, named by their file, with their poster frame but not the poster itself', async () => {
      const hits = await search(outsider, 'q=YARD-cam');
      expect(hits.items.map((h) => [h.name, h.item.id, h.posterItemId])).toEqual([['yard-camera_2025.mp4', ids['yard-camera_2025.mp4'], posterId]]);
      expect((await search(outsider, 'q=poster')).items).toEqual([]);
      expect(hits.items[0]!.location).toContain('Колония 7');
    });

    it('finds by folder in any script, narrows by kind, and takes LIKE wildcards as themselves', async () => {
      expect(names(await search(outsider, `q=${encodeURIComponent('колония')}&kind=document`))).toEqual(['cell 4 notes.txt']);
      expect(names(await search(outsider, 'q=camera_2025'))).toEqual(['yard-camera_2025.mp4']);
      expect(names(await search(outsider, 'q=camera%25'))).toEqual([]);
      expect(names(await search(outsider, `q=${ids['cell 4 notes.txt']!.slice(0, 8)}`))).toContain('cell 4 notes.txt');
    });

    it('narrows by the day items were stored', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect((await search(outsider, `q=yard&from=${today}&to=${today}`)).items.length).toBe(1);
      expect((await search(outsider, 'q=yard&to=2000-01-01')).items).toEqual([]);
    });

    it("never finds a restricted item, nor an item through a restricted archive's name, for someone outside its compartment", async () => {
      expect(names(await search(outsider, 'q=yard'))).toEqual(['yard-camera_2025.mp4']);
      expect(names(await search(outsider, 'q=secret'))).toEqual([]);
      expect(names(await search(outsider, 'q=hidden-bundle'))).toEqual([]);
      expect(names(await search(outsider, 'q=inside-only'))).toEqual([]);
      expect(names(await search(outsider, `q=${ids['yard-secret.mp4']}`))).toEqual([]);
    });

    it('finds them for a member of the compartment', async () => {
      expect(names(await search(member, 'q=yard'))).toEqual(['yard-camera_2025.mp4', 'yard-secret.mp4']);
      expect(names(await search(member, 'q=hidden-bundle'))).toEqual(['hidden-bundle.zip', 'inside-only.txt']);
      expect(names(await search(member, 'q=keeper'))).toEqual(['keeper.mp4']);
    });

    it('says a partial id in words, never as the schema pattern', async () => {
      const created = await outsider.request('POST', '/api/incidents', {
        titleRu: 'Открытое',
        titleEn: 'Open',
        datePrecision: 'year',
        dateStart: '2025',
        documentationStatus: 'reported',
      });
      const refused = await outsider.request('POST', `/api/incidents/${created.json().id}/evidence`, { itemId: 'itm_dgr3pp' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.field).toBe('body.itemId');
      expect(refused.json().error.message).toBe('itemId is not a complete id: choose the record from the list instead of typing its id');
    });

    it('refuses what is not a filter', async () => {
      expect((await outsider.request('GET', '/api/vault/search?kind=spreadsheet')).statusCode).toBe(400);
    });
  });
}
