import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/blobs/s3-client.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import type { IngestedItem } from '../../src/vault/ingest/ingest-service.js';
import type { UnlockedKeys } from '../../src/keys/keyring.js';
import type { ItemVerdict } from '../../src/vault/verify-service.js';
import { createTestHome, TEST_PASSPHRASE, writeCorpus, type TestHome } from '../helpers/vigil-home.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

// The four paths that touch blobs (ingest, verify, export, ranged playback), with the vault's blobs in S3.
describe('vault with its blobs in an S3-compatible store', () => {
  let s3: TestS3Server;
  let client: S3Client;
  let home: TestHome;
  let keys: UnlockedKeys;
  let corpus: Record<string, string>;
  const ingested: IngestedItem[] = [];
  const prefix = 'org/blobs';

  beforeAll(async () => {
    s3 = await startS3Server();
    const target = s3.target(prefix);
    client = createS3Client(target);
    home = await createTestHome('sqlite', { blobs: target });
    keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
    corpus = writeCorpus(path.join(home.dir, 'leak'), {
      'camera.mp4': 5 * 65536 + 1234,
      // Past one 16 MiB upload part: a multipart upload, then a server-side copy.
      'archive.bin': 17 * 1024 * 1024 + 3,
      'note.txt': 'Заключённый доставлен в больницу.\n',
    });
  });
  afterAll(async () => {
    await home?.cleanup();
    client?.destroy();
    await s3?.stop();
  });

  const keysUnder = async (p: string) => ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: p }))).Contents ?? []).map((o) => o.Key!);
  const itemOf = (name: string) => ingested.find((i) => i.paths[0] === corpus[name])!;

  it('ingests into the bucket under keyed-hash names only, and stores nothing twice', async () => {
    const summary = await home.vigil.ingest.ingest([path.join(home.dir, 'leak')], {
      expandArchives: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
      onItem: (i) => ingested.push(i),
    });
    expect(summary).toMatchObject({ status: 'finished', problems: 0, itemsNew: 3 });
    const stored = await keysUnder(`${prefix}/`);
    expect(stored).toHaveLength(3);
    for (const key of stored) expect(key).toMatch(/^org\/blobs\/([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{60}\.age$/);
    for (const item of ingested) {
      const located = await home.vigil.vault.locate(item.id);
      expect(located).toMatch(/^s3:\/\/vigil-test\/org\/blobs\//);
      expect(located).not.toContain(item.sha256);
    }
    expect(fs.readdirSync(home.vigil.layout.blobsDir)).toEqual([]);
    const again = await home.vigil.ingest.ingest([path.join(home.dir, 'leak')], { expandArchives: false, limits: DEFAULT_ARCHIVE_LIMITS });
    expect(again.itemsNew).toBe(0);
    expect(await keysUnder(`${prefix}/`)).toEqual(stored);
  });

  it('reads back exactly what was ingested, whole and by byte ranges across chunk boundaries', async () => {
    const original = fs.readFileSync(corpus['archive.bin']!);
    const chunks: Buffer[] = [];
    await home.vigil.vault.cat(
      itemOf('archive.bin').id,
      keys.identity,
      new Writable({
        write(chunk: Buffer, _e, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(original));

    const video = fs.readFileSync(corpus['camera.mp4']!);
    const item = (await home.vigil.vault.describe(itemOf('camera.mp4').id)).item;
    for (const [start, end] of [
      [0, 0],
      [65_530, 65_546],
      [3 * 65_536 - 1, 5 * 65_536 + 1233],
      [video.length - 10, video.length - 1],
    ] as const) {
      const parts: Buffer[] = [];
      for await (const part of await home.vigil.vault.readRange(item, keys.identity, start, end, 'tester')) parts.push(part as Buffer);
      expect(Buffer.concat(parts).equals(video.subarray(start, end + 1))).toBe(true);
    }
  });

  it('verifies every item from the bucket, then finds an altered object', async () => {
    const ok = await home.vigil.verify.verify([], { identity: keys.identity, custodySignerKey: keys.custodySignerKey, tsaUrl: null });
    expect(ok).toMatchObject({ checked: 3, failed: 0 });

    const victim = itemOf('camera.mp4');
    const key = new URL(await home.vigil.vault.locate(victim.id)).pathname.slice(1);
    const bytes = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());
    const altered = Buffer.from(bytes);
    altered[altered.length - 100]! ^= 0x01;
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: altered }));
    const failures: ItemVerdict[] = [];
    const bad = await home.vigil.verify.verify([], {
      identity: keys.identity,
      custodySignerKey: keys.custodySignerKey,
      tsaUrl: null,
      onVerdict: (v) => !v.intact && failures.push(v),
    });
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
    expect(bad.failed).toBe(1);
    expect(failures[0]!.id).toBe(victim.id);
    expect(failures[0]!.problems.join(' ')).toMatch(/cannot be decrypted/);
  });

  it('exports a package from the bucket that standard tools verify', async () => {
    const out = path.join(home.dir, 'package');
    const result = await home.vigil.export.export(
      ingested.map((i) => i.id),
      { outDir: out, to: null, identity: keys.identity, custodySignerKey: keys.custodySignerKey, tsaUrl: null, organisation: 'Test Organisation' },
    );
    expect(result.items).toBe(3);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).toString().match(/: OK/g)!.length).toBeGreaterThanOrEqual(3);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { items: Array<{ sha256: string; file: string }> };
    for (const entry of manifest.items) expect(sha256(fs.readFileSync(path.join(out, entry.file)))).toBe(entry.sha256);
  });
});
