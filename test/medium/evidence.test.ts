import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openStaff } from '../../src/app/open-staff.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { buildServer } from '../../src/server/app.js';
import type { App } from '../../src/server/app-types.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import { signedInClient, type ApiClient } from '../helpers/api-client.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

describe('evidence player: HTTP Range over the encrypted blob', () => {
  let home: TestHome;
  let app: App;
  let client: ApiClient;
  let original: Buffer;
  let itemId: string;
  let restrictedItemId: string;
  let staffCases: Cases;
  let insider: Viewer;

  beforeAll(async () => {
    home = await createTestHome('sqlite');
    const dir = path.join(home.dir, 'leak');
    fs.mkdirSync(dir);
    original = crypto.randomBytes(5 * 65536 + 1234);
    fs.writeFileSync(path.join(dir, 'camera.mp4'), original);
    fs.writeFileSync(path.join(dir, 'secret.bin'), crypto.randomBytes(1000));
    const ids: Record<string, string> = {};
    await home.vigil.ingest.ingest([dir], { expandArchives: false, limits: DEFAULT_ARCHIVE_LIMITS, onItem: (i) => (ids[path.basename(i.paths[0]!)] = i.id) });
    itemId = ids['camera.mp4']!;
    restrictedItemId = ids['secret.bin']!;
    const cases = await openStaff(home.vigil);
    staffCases = cases;
    const admin = await cases.accounts.createUser({ username: 'boss', displayName: 'Boss', role: 'admin', password: TEST_PASSPHRASE });
    const boss: Viewer = { userId: admin.id, role: 'admin', compartments: new Set() };
    const compartment = (await cases.accounts.createCompartment(boss, { name: 'closed', description: '', members: [] })).id;
    insider = { ...boss, compartments: new Set([compartment]) };
    const open = (
      await cases.incidents.create(insider, { titleRu: 'Открытое', titleEn: 'Open', datePrecision: 'year', dateStart: '2025', documentationStatus: 'reported' })
    ).id;
    await cases.parts.linkEvidence(insider, open, { itemId, startSeconds: 30 });
    const closed = (
      await cases.incidents.create(insider, {
        titleRu: 'Закрытое',
        titleEn: 'Closed',
        datePrecision: 'year',
        dateStart: '2025',
        documentationStatus: 'reported',
        compartmentId: compartment,
      })
    ).id;
    await cases.parts.linkEvidence(insider, closed, { itemId: restrictedItemId });
    app = await buildServer({ cases, organisation: 'Test', logLevel: 'silent' });
    ({ client } = await signedInClient(app, cases.accounts, 'investigator'));
  });
  afterAll(async () => {
    await app?.close();
    await home?.cleanup();
  });

  it('answers 503 while the vault is locked', async () => {
    const response = await client.request('GET', `/api/vault/items/${itemId}/content`);
    expect(response.statusCode).toBe(503);
    expect(response.json().error.message).toMatch(/locked/);
    const keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
    home.vigil.unlockEvidence(keys.identity);
  });

  it('serves the whole file, and any byte range across chunk boundaries', async () => {
    const whole = await client.request('GET', `/api/vault/items/${itemId}/content`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(original)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [65535, 65536],
      [100_000, 200_000],
      [5 * 65536, 5 * 65536 + 1233],
      [3, 5 * 65536 + 1233],
    ] as const) {
      const part = await client.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: `bytes=${start}-${end}` });
      expect(part.statusCode, `${start}-${end}`).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/${original.length}`);
      expect(part.rawPayload.equals(original.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    const tail = await client.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(original.subarray(-10))).toBe(true);
    const outside = await client.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: `bytes=${original.length}-` });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${original.length}`);
  });

  it('writes one custody entry for a viewing, not one per Range request', async () => {
    const size = await home.vigil.custody.size();
    await client.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: 'bytes=0-99' });
    await client.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: 'bytes=100-199' });
    expect(await home.vigil.custody.size()).toBe(size);
    const { client: other } = await signedInClient(app, staffCases.accounts, 'editor');
    await other.request('GET', `/api/vault/items/${itemId}/content`, undefined, { range: 'bytes=0-99' });
    expect(await home.vigil.custody.size()).toBe(size + 1);
  });

  it('lists items with their verification, hides an item only a restricted incident uses, and refuses viewers', async () => {
    const list = (await client.request('GET', '/api/vault/items')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([itemId]);
    expect((await client.request('GET', `/api/vault/items/${restrictedItemId}`)).statusCode).toBe(404);
    expect((await client.request('GET', `/api/vault/items/${restrictedItemId}/content`)).statusCode).toBe(404);
    const detail = (await client.request('GET', `/api/vault/items/${itemId}`)).json();
    expect(detail.sources[0].location).toMatch(/camera\.mp4$/);
    expect(detail.incidents.map((i: { titleEn: string }) => i.titleEn)).toEqual(['Open']);
    // The batch's root holds the restricted item: its path is shown only inside the compartment. Outside it the
    // batch that the visible item names is listed, counting only what the caller may see.
    const batches = (await client.request('GET', '/api/vault/batches')).json();
    expect(batches).toEqual([
      expect.objectContaining({
        id: detail.item.batchId,
        roots: [],
        rootsWithheld: true,
        itemsNew: 1,
        itemsDuplicate: 0,
        itemsResumed: null,
        bytes: original.length,
        problems: null,
      }),
    ]);
    expect(JSON.stringify(batches)).not.toContain('leak');
    expect((await staffCases.vaultItems.batches(insider))[0]).toMatchObject({
      status: 'finished',
      itemsNew: 2,
      rootsWithheld: false,
      roots: [expect.stringMatching(/leak$/)],
    });
    const { client: viewer } = await signedInClient(app, staffCases.accounts, 'viewer');
    expect((await viewer.request('GET', `/api/vault/items/${itemId}/content`)).statusCode).toBe(403);
  });
});
