import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore, type BlobStore } from '../../src/blobs/index.js';
import { S3BlobStore } from '../../src/blobs/s3-blob-store.js';
import { createS3Client } from '../../src/blobs/s3-client.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';

const NAME_A = 'a1'.repeat(32);
const NAME_B = 'b2'.repeat(32);

interface Fixture {
  store: BlobStore;
  /** Temporaries the store holds now. */
  temporaries(): Promise<string[]>;
  /** Every key or path the store holds. */
  everything(): Promise<string[]>;
  cleanup(): Promise<void>;
}

let s3: TestS3Server;
let client: S3Client;
let prefixes = 0;
beforeAll(async () => {
  s3 = await startS3Server();
  client = createS3Client(s3.target('x'));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function listKeys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!);
}

const ADAPTERS: Record<string, () => Fixture> = {
  filesystem: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-blobs-'));
    const listAll = (d: string): string[] =>
      fs.existsSync(d)
        ? fs
            .readdirSync(d, { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => path.join(e.parentPath, e.name))
        : [];
    return {
      store: new FsBlobStore(dir),
      temporaries: async () => listAll(path.join(dir, 'tmp')),
      everything: async () => listAll(dir),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
  s3: () => {
    const prefix = `vault-${++prefixes}/blobs`;
    return {
      store: new S3BlobStore(client, { bucket: s3.bucket, prefix }),
      temporaries: () => listKeys(`${prefix}/tmp/`),
      everything: () => listKeys(`${prefix}/`),
      cleanup: async () => undefined,
    };
  },
};

async function readAll(store: BlobStore, name: string, range?: { start: number; end: number }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of store.read(name, range)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function put(store: BlobStore, name: string, data: Buffer): Promise<'stored' | 'existed'> {
  const writer = await store.create();
  await writer.write(data);
  await writer.finish();
  const [outcome] = await store.commit([{ writer, name }]);
  return outcome!;
}

for (const [adapter, open] of Object.entries(ADAPTERS)) {
  describe(`blob store contract: ${adapter}`, () => {
    let fixture: Fixture;
    let store: BlobStore;
    beforeEach(() => {
      fixture = open();
      store = fixture.store;
    });
    afterEach(async () => fixture.cleanup());

    it('stores exactly the bytes written, in pieces of any size, past one upload part, and leaves no temporary', async () => {
      for (const size of [0, 1, 4096, 8 * 1024 * 1024, 17 * 1024 * 1024 + 5]) {
        const data = crypto.randomBytes(size);
        const writer = await store.create();
        for (let at = 0; at < size;) {
          const piece = Math.min(size - at, 1 + Math.floor(Math.random() * 3_000_000));
          await writer.write(piece % 2 ? data.subarray(at, at + piece) : [data.subarray(at, at + 7), data.subarray(at + 7, at + piece)]);
          at += piece;
        }
        await writer.finish();
        expect(writer.bytesWritten).toBe(size);
        const name = crypto.createHash('sha256').update(`${size}`).digest('hex');
        expect(await store.commit([{ writer, name }])).toEqual(['stored']);
        expect(await store.exists(name)).toBe(true);
        expect(await store.size(name)).toBe(size);
        expect((await readAll(store, name)).equals(data)).toBe(true);
      }
      expect(await fixture.temporaries()).toEqual([]);
    });

    it('commits several blobs at once, keeps the first blob of a name and drops a second', async () => {
      const first = await store.create();
      await first.write(Buffer.from('first'));
      const other = await store.create();
      await other.write(Buffer.from('other'));
      expect(
        await store.commit([
          { writer: first, name: NAME_A },
          { writer: other, name: NAME_B },
        ]),
      ).toEqual(['stored', 'stored']);
      expect(await put(store, NAME_A, Buffer.from('second'))).toBe('existed');
      expect((await readAll(store, NAME_A)).toString()).toBe('first');
      expect((await readAll(store, NAME_B)).toString()).toBe('other');
      expect(await fixture.temporaries()).toEqual([]);
    });

    it('discards an aborted blob and serves byte ranges, empty past the end', async () => {
      for (const size of [2 * 1024 * 1024 + 5, 9 * 1024 * 1024]) {
        const dropped = await store.create();
        await dropped.write(crypto.randomBytes(size));
        await dropped.abort();
      }
      const finished = await store.create();
      await finished.write(Buffer.from('finished, then dropped'));
      await finished.finish();
      await finished.abort();
      expect(await fixture.temporaries()).toEqual([]);
      expect(await put(store, NAME_B, Buffer.from('0123456789'))).toBe('stored');
      expect((await readAll(store, NAME_B, { start: 2, end: 5 })).toString()).toBe('2345');
      expect((await readAll(store, NAME_B, { start: 8, end: 100 })).toString()).toBe('89');
      expect((await readAll(store, NAME_B, { start: 10, end: 20 })).length).toBe(0);
      expect(await store.exists(NAME_A)).toBe(false);
      expect(await fixture.everything()).toHaveLength(1);
    });

    it('fails to read or size a blob that is not there', async () => {
      await expect(readAll(store, NAME_A)).rejects.toThrow();
      await expect(store.size(NAME_A)).rejects.toThrow();
    });

    it('refuses names that are not keyed hashes', () => {
      expect(() => store.locate('../../etc/passwd')).toThrow(/invalid blob name/);
      expect(() => store.read('../x')).toThrow(/invalid blob name/);
    });
  });
}

describe('S3 blob store specifics', () => {
  it('names objects by the keyed hash alone, with no metadata or content type of its own', async () => {
    const store = new S3BlobStore(client, { bucket: s3.bucket, prefix: 'private/blobs' });
    expect(await put(store, NAME_A, Buffer.from('age-encryption.org/v1\n…'))).toBe('stored');
    expect(store.locate(NAME_A)).toBe(`s3://${s3.bucket}/private/blobs/a1/a1/${NAME_A}.age`);
    expect(await listKeys('private/')).toEqual([`private/blobs/a1/a1/${NAME_A}.age`]);
    const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `private/blobs/a1/a1/${NAME_A}.age` }));
    expect(head.Metadata ?? {}).toEqual({});
    expect(head.ContentType ?? 'binary/octet-stream').toMatch(/^(binary|application)\/octet-stream$/);
  });

  it('stores at the bucket root when the URL has no prefix', async () => {
    const store = new S3BlobStore(client, { bucket: s3.bucket, prefix: '' });
    await put(store, NAME_B, Buffer.from('root'));
    expect(store.locate(NAME_B)).toBe(`s3://${s3.bucket}/b2/b2/${NAME_B}.age`);
    expect((await readAll(store, NAME_B)).toString()).toBe('root');
  });

  it("removes temporaries older than the limit left by dead writers, never its own writers' in flight", async () => {
    const store = new S3BlobStore(client, { bucket: s3.bucket, prefix: 'abandoned', abandonedAfterMs: 0 });
    const dead = new S3BlobStore(client, { bucket: s3.bucket, prefix: 'abandoned' });
    const left = await dead.create();
    await left.write(Buffer.from('a writer that died after its upload'));
    await left.finish();
    const mine = await store.create();
    await mine.write(Buffer.from('in progress'));
    await mine.finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await listKeys('abandoned/tmp/')).toHaveLength(2);
    expect(await store.removeAbandoned()).toBe(1);
    expect(await listKeys('abandoned/tmp/')).toHaveLength(1);
    expect(await store.commit([{ writer: mine, name: NAME_A }])).toEqual(['stored']);
    expect(await listKeys('abandoned/tmp/')).toEqual([]);
  });

  it('fails with a blob store error when the server is unreachable', async () => {
    const unreachable = createS3Client({ ...s3.target('x'), endpoint: 'http://127.0.0.1:9' });
    const store = new S3BlobStore(unreachable, { bucket: s3.bucket, prefix: 'gone' });
    await expect(store.exists(NAME_A)).rejects.toMatchObject({ name: 'BlobStoreError' });
    unreachable.destroy();
  }, 60_000);
});
