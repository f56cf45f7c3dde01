import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../src/blobs/fs-blob-store.js';
import { generateOrgIdentity } from '../../../src/crypto/index.js';
import type { PieceHasher } from '../../../src/vault/ingest/sha256-offload.js';
import { sealStream } from '../../../src/vault/ingest/seal-stream.js';
import type { PlaintextSource } from '../../../src/vault/sources/types.js';

function source(pieces: Buffer[]): PlaintextSource {
  async function* each() {
    yield* pieces;
  }
  const iterator = each();
  return { [Symbol.asyncIterator]: () => iterator, destroy: () => undefined };
}

function goodHasher(): PieceHasher {
  const hash = crypto.createHash('sha256');
  return { update: async (piece) => void hash.update(piece), digest: async () => hash.digest('hex'), abandon: () => undefined };
}

describe('sealStream when the hashing thread fails mid-file', () => {
  let dir: string;
  let store: FsBlobStore;
  let recipients: string[];
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-'));
    store = new FsBlobStore(dir);
    recipients = [(await generateOrgIdentity()).recipient];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails that file, abandons its hash and keeps every direct-I/O slot: the next files still seal', async () => {
    expect(await store.writesDirectly()).toBe(true);
    const piece = crypto.randomBytes(5 * 1024 * 1024); // five slots' worth: the write is still taking slots when the hash fails
    let abandoned = 0;
    // More failures than the pool has slots (14): a slot kept by each would leave the next seal waiting for ever.
    for (let run = 0; run < 16; run++) {
      const failing: PieceHasher = {
        update: () => Promise.reject(new Error('the hashing thread stopped')),
        digest: async () => '',
        abandon: () => void abandoned++,
      };
      await expect(sealStream(source([piece, piece]), store, recipients, failing, () => undefined)).rejects.toThrow(/hashing thread stopped/);
    }
    expect(abandoned).toBe(16);
    const healthy = sealStream(source([piece]), store, recipients, goodHasher(), () => undefined);
    const sealed = await Promise.race([healthy, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
    expect(sealed).not.toBeNull();
    expect(sealed!.sha256).toBe(crypto.createHash('sha256').update(piece).digest('hex'));
    await sealed!.writer.abort();
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]); // every failed file's temporary is gone
  });
});
