import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { MediaAnalysisRepository, openMediaTriage, type DuplicateClusterList, type MediaCatalogue, type MediaProgress } from '../../src/media/index.js';
import { buildServer } from '../../src/server/app.js';
import { derivedEntry } from '../../src/vault/index.js';
import type { App } from '../../src/server/app-types.js';
import type { ApiClient } from '../helpers/api-client.js';
import { ingestNamingItems, openUnlockedStaff, signInAroundCompartment } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();
const open = { datePrecision: 'year' as const, dateStart: '2025', documentationStatus: 'reported' as const };

/** PDQ-like frame hashes: random 256-bit values are about 128 bits apart, so only copies match. */
const frames = (n: number) => Array.from({ length: n }, () => crypto.randomBytes(32).toString('hex'));

/**
 * Four clips, analysed with made-up frame hashes: clip-b is seconds 5–15 of clip-a; secret-c shares its first
 * seconds with clip-a and its last with other-d. secret-c is restricted: outside its compartment only clip-a
 * and clip-b are a cluster, and other-d (linked to the others only through secret-c) is alone.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`media triage for staff on ${kind}`, () => {
    let home: TestHome;
    let cases: Cases;
    let app: App;
    let insider: Viewer;
    let member: ApiClient;
    let outsider: ApiClient;
    let adminOutside: ApiClient;
    let adminInside: ApiClient;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      home = await createTestHome(kind);
      const leak = path.join(home.dir, 'leak');
      fs.mkdirSync(path.join(leak, 'camera-1'), { recursive: true });
      for (const name of ['camera-1/clip-a.mp4', 'camera-1/clip-b.mp4', 'secret-c.mp4', 'other-d.mp4'])
        fs.writeFileSync(path.join(leak, name), crypto.randomBytes(2000));
      // Restricted too, and no media file (a PDF), yet analysed by hand (`vigil media analyse ID`): outside the
      // catalogue, it must link nothing, for anyone.
      fs.writeFileSync(path.join(leak, 'secret-memo.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(2000)]));
      fs.utimesSync(path.join(leak, 'other-d.mp4'), new Date('2023-05-01T08:00:00Z'), new Date('2023-05-01T08:00:00Z'));
      await ingestNamingItems(home, leak, ids);
      // A view of clip-a (a poster, say): found only as derived, it is no item of the archive's own.
      const poster = crypto.randomBytes(3000);
      await home.vigil.ingest.ingestEntries(
        'derived',
        [
          derivedEntry('clip-a-original', 'poster.jpg', async () => ({
            async *[Symbol.asyncIterator]() {
              yield poster;
            },
            destroy: () => undefined,
          })),
        ],
        {},
      );
      const a = frames(20);
      const d = frames(12);
      const hashes: Record<string, string[]> = {
        'clip-a.mp4': a,
        'clip-b.mp4': [...a.slice(5, 15), ...frames(4)],
        'secret-c.mp4': [...a.slice(0, 5), ...frames(3), ...d.slice(0, 6)],
        'other-d.mp4': d,
        'secret-memo.pdf': [...a.slice(15, 20), ...d.slice(6, 12)],
      };
      const analyses = new MediaAnalysisRepository(home.vigil.database.db);
      const recorded: Record<string, string | undefined> = { 'clip-a.mp4': '2024-03-01T10:20:30.000000Z', 'clip-b.mp4': '2024:02:01 09:00:00' };
      for (const [name, list] of Object.entries(hashes)) {
        await analyses.saveFrames(ids[name]!, { fps: 1, frames: list.map((hash, t) => ({ t, hash, quality: 90 })) });
        await analyses.save({
          item: ids[name]!,
          state: 'analysed',
          probe: {
            readable: true,
            kind: 'video',
            durationSeconds: list.length,
            video: { codec: 'h264', width: 640, height: 480, frameRate: 25 },
            ...(recorded[name] ? { recordedAt: recorded[name] } : {}),
            ...(name === 'clip-a.mp4' ? { device: { make: 'Hikvision', model: 'DS-2CD' } } : {}),
          },
          tools: {},
          analysedAt: new Date().toISOString(),
        });
      }
      const { cases: opened } = await openUnlockedStaff(home);
      cases = opened;
      const media = openMediaTriage(home.vigil.database.db, home.vigil.media, cases.vaultItems, cases.audit);
      app = await buildServer({ cases, media, organisation: 'Test', logLevel: 'silent' });
      const people = await signInAroundCompartment(app, cases.accounts, `Media ${kind}`);
      ({ insider, member, outsider, adminOutside, adminInside } = people);
      const incident = (await cases.incidents.create(insider, { titleRu: 'Закрытое', titleEn: 'Closed', ...open, compartmentId: people.compartment })).id;
      await cases.parts.linkEvidence(insider, incident, { itemId: ids['secret-c.mp4']! });
      await cases.parts.linkEvidence(insider, incident, { itemId: ids['secret-memo.pdf']! });
    });
    afterAll(async () => {
      await app?.close();
      await home?.cleanup();
    });

    const get = async <T>(client: ApiClient, url: string) => {
      const response = await client.request('GET', url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as T;
    };
    const names = (list: DuplicateClusterList) => list.clusters.map((c) => c.items.map((i) => i.name).sort());

    it('lists the items by name with their facts and recording times, sorted by recording time, and no derived view', async () => {
      const catalogue = await get<MediaCatalogue>(member, '/api/media/items?sort=recorded');
      expect(catalogue.items.map((i) => i.name)).toEqual(['other-d.mp4', 'clip-b.mp4', 'clip-a.mp4', 'secret-c.mp4']);
      const [d, b, a] = catalogue.items;
      expect(a).toMatchObject({ kind: 'video', state: 'analysed', durationSeconds: 20, width: 640, height: 480, camera: 'Hikvision DS-2CD' });
      expect(a).toMatchObject({ recordedAt: '2024-03-01T10:20:30.000Z', recordedFrom: 'file', recordedZone: true });
      // EXIF's clock time without a zone is kept as written, not moved into anyone's zone.
      expect(b).toMatchObject({ recordedAt: '2024-02-01T09:00:00.000Z', recordedFrom: 'file', recordedZone: false });
      expect(d).toMatchObject({ recordedAt: '2023-05-01T08:00:00.000Z', recordedFrom: 'mtime' });
      expect(catalogue.cameras).toEqual(['Hikvision DS-2CD']);
      expect((await get<MediaCatalogue>(member, '/api/media/items?camera=Hikvision%20DS-2CD')).items.map((i) => i.name)).toEqual(['clip-a.mp4']);
    });

    it('filters by recording day, duration and analysis state through the API, and refuses an empty range with a clear error', async () => {
      const named = async (query: string) => (await get<MediaCatalogue>(member, `/api/media/items?sort=recorded&${query}`)).items.map((i) => i.name);
      expect(await named('from=2024-02-01&to=2024-03-01')).toEqual(['clip-b.mp4', 'clip-a.mp4']);
      expect(await named('kind=video&minSeconds=20&maxSeconds=20')).toContain('clip-a.mp4');
      expect(await named('state=failed')).toEqual([]);
      const refused = await member.request('GET', '/api/media/items?from=2024-03-02&to=2024-03-01');
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatch(/the first day \(2024-03-02\) is after the last/);
      expect((await member.request('GET', '/api/media/items?from=yesterday')).statusCode).toBe(400);
    });

    it('shows a member every clip in one cluster, with readable segments between them', async () => {
      const list = await get<DuplicateClusterList>(member, '/api/media/duplicates');
      expect(names(list)).toEqual([['clip-a.mp4', 'clip-b.mp4', 'other-d.mp4', 'secret-c.mp4']]);
      const segment = list.clusters[0]!.segments.find((s) => [s.a, s.b].sort().join() === [ids['clip-a.mp4'], ids['clip-b.mp4']].sort().join())!;
      const [aStart, bStart] = segment.a === ids['clip-a.mp4'] ? [segment.aStart, segment.bStart] : [segment.bStart, segment.aStart];
      expect([aStart, bStart]).toEqual([5, 0]);
    });

    it('keeps a restricted item out of every media answer for those outside its compartment', async () => {
      for (const client of [outsider, adminOutside]) {
        const catalogue = await get<MediaCatalogue>(client, '/api/media/items');
        expect(catalogue.items.map((i) => i.name).sort()).toEqual(['clip-a.mp4', 'clip-b.mp4', 'other-d.mp4']);
        expect(catalogue.total).toBe(3);
        expect(await get<MediaProgress>(client, '/api/media/progress')).toEqual({ total: 3, pending: 0, analysed: 3, unreadable: 0, failed: 0 });
        // other-d was joined to the others only through the hidden clip: it is not a duplicate of anything here.
        const list = await get<DuplicateClusterList>(client, '/api/media/duplicates');
        expect(names(list)).toEqual([['clip-a.mp4', 'clip-b.mp4']]);
        expect(JSON.stringify(list)).not.toContain(ids['secret-c.mp4']);
        const clustered = await get<MediaCatalogue>(client, '/api/media/items?duplicates=true');
        expect(clustered.items.map((i) => i.name).sort()).toEqual(['clip-a.mp4', 'clip-b.mp4']);
      }
      expect((await get<MediaProgress>(adminInside, '/api/media/progress')).total).toBe(4);
    });

    it('answers a mark on a hidden item as on an absent one', async () => {
      const hidden = await outsider.request('PUT', '/api/media/marks', { items: [ids['clip-a.mp4'], ids['secret-c.mp4']], verdict: 'same' });
      const absent = await outsider.request('PUT', '/api/media/marks', { items: [ids['clip-a.mp4'], 'itm_0000000000000000'], verdict: 'same' });
      expect([hidden.statusCode, absent.statusCode]).toEqual([404, 404]);
      expect(hidden.json().error.message.replace(ids['secret-c.mp4']!, 'ID')).toBe(absent.json().error.message.replace('itm_0000000000000000', 'ID'));
    });

    it('stores a mark per pair, audited, shows it on the cluster, and lets it change', async () => {
      const pair = [ids['clip-a.mp4']!, ids['clip-b.mp4']!];
      const marked = await outsider.request('PUT', '/api/media/marks', { items: pair, verdict: 'same' });
      expect(marked.statusCode, marked.body).toBe(200);
      expect(marked.json().marks).toMatchObject([{ verdict: 'same' }]);
      expect((await get<DuplicateClusterList>(outsider, '/api/media/duplicates')).clusters[0]).toMatchObject({ verdict: 'same', marks: [{ verdict: 'same' }] });
      // The member's larger cluster holds that pair too: one of its six pairs is marked.
      expect((await get<DuplicateClusterList>(member, '/api/media/duplicates')).clusters[0]).toMatchObject({ verdict: 'partly', marks: [{ verdict: 'same' }] });
      await outsider.request('PUT', '/api/media/marks', { items: pair, verdict: 'different' });
      expect((await get<DuplicateClusterList>(outsider, '/api/media/duplicates')).clusters[0]!.verdict).toBe('different');
      await outsider.request('PUT', '/api/media/marks', { items: pair, verdict: 'none' });
      expect((await get<DuplicateClusterList>(outsider, '/api/media/duplicates')).clusters[0]).toMatchObject({ verdict: 'unmarked', marks: [] });
      const trail = (await adminOutside.request('GET', '/api/audit?limit=50')).json() as Array<{ action: string; detail: { verdict?: string } }>;
      expect(trail.filter((e) => e.action === 'marked-duplicates').map((e) => e.detail.verdict)).toEqual(['none', 'different', 'same']);
    });

    it('leaves a mark that names a hidden item out of the audit trail of an administrator outside', async () => {
      await member.request('PUT', '/api/media/marks', { items: [ids['other-d.mp4'], ids['secret-c.mp4']], verdict: 'same' });
      const outside = JSON.stringify((await adminOutside.request('GET', '/api/audit?limit=100')).json());
      expect(outside).not.toContain(ids['secret-c.mp4']);
      const inside = JSON.stringify((await adminInside.request('GET', '/api/audit?limit=100')).json());
      expect(inside).toContain(ids['secret-c.mp4']);
    });
  });
}
