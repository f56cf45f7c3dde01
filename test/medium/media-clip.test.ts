import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cases } from '../../src/cases/open-cases.js';
import { DerivedViewRepository, MediaAnalysisRepository, openMediaTriage, type MediaClip } from '../../src/media/index.js';
import { buildServer } from '../../src/server/app.js';
import { derivedEntry } from '../../src/vault/index.js';
import type { App } from '../../src/server/app-types.js';
import type { ApiClient } from '../helpers/api-client.js';
import { ingestNamingItems, openUnlockedStaff, signInAroundCompartment } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();
const open = { datePrecision: 'year' as const, dateStart: '2025', documentationStatus: 'reported' as const };
const frames = (n: number) => Array.from({ length: n }, () => crypto.randomBytes(32).toString('hex'));

/**
 * A clip's page (GET /api/media/items/:id): clip-a has a strip, a sheet and a proxy stored (and a cleaned copy
 * that failed); clip-b is its seconds 5–15; secret-c, restricted, shares clip-a's first seconds. Outside the
 * compartment clip-a's cluster is clip-a and clip-b, and secret-c's page answers as an absent item's does.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`a clip's page on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let member: ApiClient;
    let outsider: ApiClient;
    let adminOutside: ApiClient;
    const ids: Record<string, string> = {};
    const views: Record<string, string> = {};

    beforeAll(async () => {
      home = await createTestHome(kind);
      const leak = path.join(home.dir, 'leak');
      fs.mkdirSync(leak);
      for (const name of ['clip-a.mp4', 'clip-b.mp4', 'secret-c.mp4', 'lonely-d.mp4']) fs.writeFileSync(path.join(leak, name), crypto.randomBytes(2000));
      await ingestNamingItems(home, leak, ids);
      const repo = new DerivedViewRepository(home.vigil.database.db);
      const addView = async (original: string, viewKind: 'strip' | 'sheet' | 'proxy', mediaType: string) => {
        const bytes = crypto.randomBytes(1000 + Object.keys(views).length);
        const stored: string[] = [];
        await home.vigil.ingest.ingestEntries(
          'derived',
          [
            derivedEntry(ids[original]!, `${viewKind}.bin`, async () => ({
              async *[Symbol.asyncIterator]() {
                yield bytes;
              },
              destroy: () => undefined,
            })),
          ],
          { onItem: (item) => stored.push(item.id) },
        );
        views[`${original}:${viewKind}`] = stored[0]!;
        await repo.save({
          original: ids[original]!,
          kind: viewKind,
          state: 'stored',
          item: stored[0]!,
          mediaType,
          size: bytes.length,
          tool: 'ffmpeg',
          toolVersion: 'test',
          parameters: [],
          createdAt: new Date().toISOString(),
        });
      };
      await addView('clip-a.mp4', 'strip', 'image/jpeg');
      await addView('clip-a.mp4', 'sheet', 'image/jpeg');
      await addView('clip-a.mp4', 'proxy', 'video/mp4');
      await addView('secret-c.mp4', 'proxy', 'video/mp4');
      await repo.save({
        original: ids['clip-a.mp4']!,
        kind: 'cleaned',
        state: 'failed',
        tool: 'ffmpeg',
        toolVersion: 'test',
        parameters: [],
        reason: 'test',
        createdAt: new Date().toISOString(),
      });
      const a = frames(20);
      const hashes: Record<string, string[]> = {
        'clip-a.mp4': a,
        'clip-b.mp4': [...a.slice(5, 15), ...frames(4)],
        'secret-c.mp4': [...a.slice(0, 5), ...frames(6)],
        'lonely-d.mp4': frames(8),
      };
      const analyses = new MediaAnalysisRepository(home.vigil.database.db);
      for (const [name, list] of Object.entries(hashes)) {
        await analyses.saveFrames(ids[name]!, { fps: 1, frames: list.map((hash, t) => ({ t, hash, quality: 90 })) });
        await analyses.save({
          item: ids[name]!,
          state: 'analysed',
          probe: { readable: true, kind: 'video', durationSeconds: list.length, video: { codec: 'h264', width: 640, height: 480, frameRate: 25 } },
          tools: {},
          analysedAt: new Date().toISOString(),
        });
      }
      const { cases: opened } = await openUnlockedStaff(home);
      cases = opened;
      const media = openMediaTriage(home.vigil.database.db, home.vigil.media, cases.vaultItems, cases.audit);
      app = await buildServer({ cases, media, organisation: 'Test', logLevel: 'silent' });
      const people = await signInAroundCompartment(app, cases.accounts, `Clip ${kind}`);
      ({ member, outsider, adminOutside } = people);
      const incident = (await cases.incidents.create(people.insider, { titleRu: 'Закрытое', titleEn: 'Closed', ...open, compartmentId: people.compartment }))
        .id;
      await cases.parts.linkEvidence(people.insider, incident, { itemId: ids['secret-c.mp4']! });
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    const clip = async (client: ApiClient, name: string) => {
      const response = await client.request('GET', `/api/media/items/${ids[name] ?? name}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as MediaClip;
    };
    const names = (page: MediaClip) => page.clusters.map((c) => c.items.map((i) => i.name).sort());

    it("gives a clip's facts and its stored views by kind, not the one that failed", async () => {
      const page = await clip(member, 'clip-a.mp4');
      expect(page.item).toMatchObject({ id: ids['clip-a.mp4'], name: 'clip-a.mp4', kind: 'video', durationSeconds: 20, width: 640, height: 480 });
      expect(page.views).toEqual([
        { kind: 'proxy', itemId: views['clip-a.mp4:proxy'], mediaType: 'video/mp4', size: expect.any(Number) },
        { kind: 'sheet', itemId: views['clip-a.mp4:sheet'], mediaType: 'image/jpeg', size: expect.any(Number) },
        { kind: 'strip', itemId: views['clip-a.mp4:strip'], mediaType: 'image/jpeg', size: expect.any(Number) },
      ]);
      expect(page.views[0]!.size).toBeGreaterThan(999);
    });

    it('gives the clusters the clip is in, with the matching segments, and none for a clip without copies', async () => {
      const page = await clip(member, 'clip-a.mp4');
      expect(names(page)).toEqual([['clip-a.mp4', 'clip-b.mp4', 'secret-c.mp4']]);
      const segment = page.clusters[0]!.segments.find((s) => [s.a, s.b].includes(ids['clip-b.mp4']!))!;
      const [aStart, bStart] = segment.a === ids['clip-a.mp4'] ? [segment.aStart, segment.bStart] : [segment.bStart, segment.aStart];
      expect([aStart, bStart]).toEqual([5, 0]);
      expect(names(await clip(member, 'clip-b.mp4'))).toEqual([['clip-a.mp4', 'clip-b.mp4', 'secret-c.mp4']]);
      const lonely = await clip(member, 'lonely-d.mp4');
      expect([lonely.clusters, lonely.views]).toEqual([[], []]);
    });

    it('leaves a restricted clip out of the clusters those outside see', async () => {
      for (const client of [outsider, adminOutside]) {
        const page = await clip(client, 'clip-a.mp4');
        expect(names(page)).toEqual([['clip-a.mp4', 'clip-b.mp4']]);
        expect(JSON.stringify(page)).not.toContain(ids['secret-c.mp4']);
        expect(page.views.map((v) => v.kind)).toEqual(['proxy', 'sheet', 'strip']);
      }
    });

    it("answers a restricted clip's page as an absent one's for those outside, and shows it to a member", async () => {
      for (const client of [outsider, adminOutside]) {
        const hidden = await client.request('GET', `/api/media/items/${ids['secret-c.mp4']}`);
        const absent = await client.request('GET', '/api/media/items/itm_0000000000000000');
        expect([hidden.statusCode, absent.statusCode]).toEqual([404, 404]);
        expect(hidden.body.replace(ids['secret-c.mp4']!, 'ID')).toBe(absent.body.replace('itm_0000000000000000', 'ID'));
        // Its proxy, a vault item of its own, is hidden with it.
        expect((await client.request('GET', `/api/vault/items/${views['secret-c.mp4:proxy']}/content`)).statusCode).toBe(404);
      }
      const page = await clip(member, 'secret-c.mp4');
      expect(page.views.map((v) => [v.kind, v.itemId])).toEqual([['proxy', views['secret-c.mp4:proxy']]]);
    });

    it('has no page for a derived view, which is no item of the archive', async () => {
      expect((await member.request('GET', `/api/media/items/${views['clip-a.mp4:proxy']}`)).statusCode).toBe(404);
    });
  });
}
