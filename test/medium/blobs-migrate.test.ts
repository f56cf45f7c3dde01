import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVigil } from '../../src/app/open-vigil.js';
import { FsBlobStore, migrateBlobs } from '../../src/blobs/index.js';
import { BlobMoveService } from '../../src/vault/move/blob-move-service.js';
import { S3BlobStore } from '../../src/blobs/s3-blob-store.js';
import { createS3Client } from '../../src/blobs/s3-client.js';
import type { BlobsTarget } from '../../src/config/blobs-config.js';
import type { UnlockedKeys } from '../../src/keys/keyring.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import { createTestHome, TEST_PASSPHRASE, writeCorpus, type TestHome } from '../helpers/vigil-home.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';

describe("moving a vault's blobs between stores", () => {
  let s3: TestS3Server;
  let client: S3Client;
  let home: TestHome;
  let keys: UnlockedKeys;
  let names: string[];
  let bucketStore: S3BlobStore;
  const prefix = 'moved/blobs';

  beforeAll(async () => {
    s3 = await startS3Server();
    client = createS3Client(s3.target(prefix));
    bucketStore = new S3BlobStore(client, { bucket: s3.bucket, prefix });
    home = await createTestHome('sqlite');
    keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
    writeCorpus(path.join(home.dir, 'leak'), {
      'a.bin': 1,
      'b.bin': 65_536,
      'c.bin': 300_000,
      'd.bin': 2 * 1024 * 1024 + 9,
      'e.txt': 'statement\n',
      'f.bin': 70_000,
    });
    await home.vigil.ingest.ingest([path.join(home.dir, 'leak')], { expandArchives: false, limits: DEFAULT_ARCHIVE_LIMITS });
    names = (await home.vigil.database.db.selectFrom('items').select('blob_name').orderBy('id').execute()).map((r) => r.blob_name);
    expect(names).toHaveLength(6);
  });
  afterAll(async () => {
    await home?.cleanup();
    client?.destroy();
    await s3?.stop();
  });

  async function* each(list: string[]) {
    yield* list;
  }

  /** Verifies every item (decrypt, rehash, custody proof) with the blobs read from `blobs`. */
  async function verifyWith(blobs: BlobsTarget): Promise<{ checked: number; failed: number }> {
    const vigil = await openVigil({ ...home.vigil.config, blobs });
    try {
      return await vigil.verify.verify([], { identity: keys.identity, custodySignerKey: keys.custodySignerKey, tsaUrl: null });
    } finally {
      await vigil.close();
    }
  }

  it('stops when interrupted, and a second run copies only the rest, checking what the first one moved', async () => {
    const interrupt = new AbortController();
    const first = await migrateBlobs(home.vigil.blobs, bucketStore, each(names), {
      total: names.length,
      parallel: 1,
      signal: interrupt.signal,
      onProgress: (p) => p.blobsDone === 2 && interrupt.abort(),
    });
    expect(first).toMatchObject({ copied: 2, alreadyThere: 0, failures: [], interrupted: true });
    const second = await migrateBlobs(home.vigil.blobs, bucketStore, each(names), { total: names.length });
    expect(second).toMatchObject({ copied: 4, alreadyThere: 2, failures: [], interrupted: false });
    for (const name of names) expect(await bucketStore.size(name)).toBe(await home.vigil.blobs.size(name));
    expect(await verifyWith(s3.target(prefix))).toMatchObject({ checked: 6, failed: 0 });
  });

  it('names a blob that the target holds with other bytes, and leaves it as it is', async () => {
    const victim = names[3]!;
    const key = `${prefix}/${victim.slice(0, 2)}/${victim.slice(2, 4)}/${victim}.age`;
    const forged = Buffer.alloc(await bucketStore.size(victim), 7);
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: forged }));
    const report = await migrateBlobs(home.vigil.blobs, bucketStore, each(names), { total: names.length });
    expect(report.failures).toEqual([{ name: victim, problem: expect.stringMatching(/already exists with other bytes/) }]);
    expect(report.alreadyThere).toBe(5);
    const missing = await migrateBlobs(home.vigil.blobs, bucketStore, each(['ff'.repeat(32)]), { total: 1 });
    expect(missing.failures).toEqual([{ name: 'ff'.repeat(32), problem: expect.stringMatching(/the source has no blob/) }]);
    // Once the forged object is gone, the next run puts the true one back.
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(await migrateBlobs(home.vigil.blobs, bucketStore, each(names), { total: names.length })).toMatchObject({ copied: 1, alreadyThere: 5, failures: [] });
  });

  it('names a copy that reads back other than the source (a store that corrupts what it keeps)', async () => {
    const corrupting = new FsBlobStore(path.join(home.dir, 'corrupting'));
    const read = corrupting.read.bind(corrupting);
    corrupting.read = (name, range) => read(name, range).map((piece: Buffer) => Buffer.from(piece).fill(0, 0, 1));
    const report = await migrateBlobs(home.vigil.blobs, corrupting, each(names.slice(0, 2)), { total: 2 });
    expect(report.copied).toBe(0);
    expect(report.failures.map((f) => f.problem)).toEqual([
      expect.stringMatching(/reads back as SHA-256 [0-9a-f]{64}, the source's is [0-9a-f]{64}$/),
      expect.stringMatching(/reads back as/),
    ]);
  });

  it('moves the blobs back from the bucket to a folder, every one checked, and the vault verifies from there', async () => {
    const folder = path.join(home.dir, 'blobs-back');
    const report = await migrateBlobs(bucketStore, new FsBlobStore(folder), each(names), { total: names.length });
    expect(report).toMatchObject({ copied: 6, alreadyThere: 0, failures: [], interrupted: false });
    for (const name of names)
      expect(fs.readFileSync(new FsBlobStore(folder).locate(name)).equals(fs.readFileSync(new FsBlobStore(home.vigil.layout.blobsDir).locate(name)))).toBe(
        true,
      );
    expect(await verifyWith({ kind: 'fs', dir: folder })).toMatchObject({ checked: 6, failed: 0 });
  });

  it('records each move in the custody log: where the blobs went, how many arrived checked, whether it finished', async () => {
    const folder = path.join(home.dir, 'blobs-logged');
    const before = await home.vigil.custody.size();
    const report = await home.vigil.blobMove.copyTo(new FsBlobStore(folder), folder);
    expect(report).toMatchObject({ copied: 6, alreadyThere: 0, failures: [], interrupted: false });
    const again = await home.vigil.blobMove.copyTo(new FsBlobStore(folder), folder);
    expect(again).toMatchObject({ copied: 0, alreadyThere: 6 });
    expect(await home.vigil.custody.size()).toBe(before + 4);
    const leaves = await home.vigil.database.db
      .selectFrom('custody_leaves')
      .select(['idx', 'event', 'item_id', 'data'])
      .where('idx', '>=', before)
      .orderBy('idx')
      .execute();
    expect(leaves.map((l) => [l.event, l.item_id])).toEqual([
      ['blobs-copy-started', null],
      ['blobs-copied', null],
      ['blobs-copy-started', null],
      ['blobs-copied', null],
    ]);
    expect(JSON.parse(leaves[0]!.data)).toMatchObject({ event: 'blobs-copy-started', to: folder, blobs: 6 });
    expect(JSON.parse(leaves[1]!.data)).toMatchObject({ event: 'blobs-copied', to: folder, copied: 6, alreadyThere: 0, failed: 0, interrupted: false });
    expect(JSON.parse(leaves[3]!.data)).toMatchObject({ copied: 0, alreadyThere: 6 });
    // A destination that refuses every blob, and a run that stops half-way, still say so.
    const refusing = new FsBlobStore(path.join(home.dir, 'refusing'));
    refusing.exists = () => Promise.reject(new Error('the destination went away'));
    expect((await home.vigil.blobMove.copyTo(refusing, 'refusing')).failures).toHaveLength(6);
    const failingItems = {
      count: async () => ({ items: 6, bytes: 1 }),
      eachItem: async function* () {
        yield* [];
        throw new Error('the database went away');
      },
    };
    const stopping = new BlobMoveService(failingItems as never, home.vigil.blobs, home.vigil.custody);
    await expect(stopping.copyTo(new FsBlobStore(path.join(home.dir, 'stopped')), 'stopped')).rejects.toThrow(/database went away/);
    const later = await home.vigil.database.db
      .selectFrom('custody_leaves')
      .select('data')
      .where('idx', '>=', before + 4)
      .orderBy('idx')
      .execute();
    expect(later.map((l) => JSON.parse(l.data) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ event: 'blobs-copy-started', to: 'refusing', blobs: 6 }),
      expect.objectContaining({ event: 'blobs-copied', to: 'refusing', copied: 0, failed: 6, interrupted: false }),
      expect.objectContaining({ event: 'blobs-copy-started', to: 'stopped', blobs: 6 }),
      expect.objectContaining({ event: 'blobs-copied', to: 'stopped', interrupted: true, error: expect.stringMatching(/database went away/) }),
    ]);
    // The log still verifies with leaves that name no item.
    await home.vigil.custody.checkpoint(keys.custodySignerKey, null);
    const log = await home.vigil.custody.verifyLog();
    expect(log.problems).toEqual([]);
    expect(log.firstAlteredLeaf).toBeNull();
    expect(log.leaves).toBe(before + 8);
  });
});
