import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAgeHeader } from '../../../web/intake/src/age-header.js';
import { SEALED_CHUNK_BYTES, ageFileSize, payloadKey } from '../../../src/age-format/index.js';
import { inlineEncryptor, type ChunkEncryptor } from '../../../web/intake/src/chunk-encryptor.js';
import { EncryptedFileSource } from '../../../web/intake/src/encrypted-file-source.js';
import { createPlaintextHasher, type PlaintextHasher } from '../../../web/intake/src/plaintext-hasher.js';
import { unwrapFileSecrets, wrapFileSecrets } from '../../../web/intake/src/wrap-key.js';

/** Like the worker pool: takes the plaintext buffer away (detaches it) and answers out of order. */
const transferringEncryptor: ChunkEncryptor = {
  seal(job) {
    const plaintext = structuredClone(job.plaintext, { transfer: [job.plaintext] });
    return new Promise((resolve) => setTimeout(resolve, Math.random() * 5)).then(() => inlineEncryptor.seal({ ...job, plaintext }));
  },
  close: () => undefined,
};

/** Hashes what it is given only on a later turn of the event loop, like a hasher in a worker, and keeps its copies. */
class LaggingHasher implements PlaintextHasher {
  largestBacklog = 0;
  private readonly hash = createHash('sha256');
  private backlog = 0;
  private waiting: Array<() => void> = [];

  update(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.backlog += copy.length;
    this.largestBacklog = Math.max(this.largestBacklog, this.backlog);
    setTimeout(() => {
      this.hash.update(copy);
      this.backlog -= copy.length;
      const waiting = this.waiting;
      this.waiting = [];
      for (const wake of waiting) wake();
    }, 1);
  }

  async digestHex(): Promise<string> {
    await this.backlogAtMost(0);
    return this.hash.digest('hex');
  }

  async backlogAtMost(bytes: number): Promise<void> {
    while (this.backlog > bytes) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
}

let dir: string;
let identityFile: string;
let recipient: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-web-'));
  const identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  identityFile = path.join(dir, 'identity.txt');
  fs.writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random slice lengths, some of them zero, some far larger than a chunk. */
function sliceLengths(seed: number): () => number {
  let state = seed | 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const pick = state % 4;
    return pick === 0 ? state % 17 : pick === 1 ? state % 1000 : pick === 2 ? state % (3 * SEALED_CHUNK_BYTES) : state % 700_000;
  };
}

async function readAll(source: EncryptedFileSource, seed: number, from = 0): Promise<Buffer> {
  const next = sliceLengths(seed);
  const parts: Buffer[] = [];
  let offset = from;
  for (;;) {
    const end = Math.min(source.size, offset + next());
    const { value, done } = await source.slice(offset, end);
    expect(value.size).toBe(end - offset);
    parts.push(Buffer.from(value));
    offset = end;
    if (done) break;
  }
  return Buffer.concat(parts);
}

function ageDecrypt(file: Buffer): Buffer {
  const result = spawnSync('age', ['-d', '-i', identityFile], { input: file, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`age -d failed: ${result.stderr.toString()}`);
  return result.stdout;
}

const SIZES = [0, 1, 65535, 65536, 65537, 131072, 1_363_149];

describe('EncryptedFileSource', () => {
  for (const size of SIZES) {
    it(`makes an age file of ${size} bytes that the age CLI decrypts, in any slicing`, async () => {
      const plain = randomBytes(size);
      const blob = new Blob([plain]);
      const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
      const wrapKey = new Uint8Array(randomBytes(32));
      const wrapped = wrapFileSecrets(wrapKey, { fileKey, payloadNonce });

      const first = new EncryptedFileSource({
        blob,
        header,
        payloadNonce,
        payloadKey: payloadKey(fileKey, payloadNonce),
        encryptor: transferringEncryptor,
        hasher: await createPlaintextHasher(),
        jobBytes: 3 * 65536,
        readAheadBytes: 200_000,
      });
      expect(first.size).toBe(ageFileSize(header.length, size));
      const file = await readAll(first, size + 1);
      expect(file).toHaveLength(first.size);
      expect(ageDecrypt(file).equals(plain)).toBe(true);
      const sha = createHash('sha256').update(plain).digest('hex');
      expect(await first.sha256Hex()).toBe(sha);

      // A browser that comes back later: the key from the server, unwrapped, and the server's offset mid-chunk.
      const back = unwrapFileSecrets(wrapKey, wrapped);
      const second = new EncryptedFileSource({
        blob,
        header,
        payloadNonce: back.payloadNonce,
        payloadKey: payloadKey(back.fileKey, back.payloadNonce),
        encryptor: inlineEncryptor,
        hasher: await createPlaintextHasher(),
      });
      const resumeAt = Math.floor(first.size * 0.6) + 7;
      const tail = await readAll(second, size + 2, resumeAt);
      expect(tail.equals(file.subarray(resumeAt))).toBe(true);
      expect(second.hashedUpTo).toBe(size);
      expect(await second.sha256Hex()).toBe(sha);
    });
  }

  it('hashes a file it was never asked to read (an upload already complete on the server)', async () => {
    const plain = randomBytes(300_000);
    const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
    const source = new EncryptedFileSource({
      blob: new Blob([plain]),
      header,
      payloadNonce,
      payloadKey: payloadKey(fileKey, payloadNonce),
      encryptor: inlineEncryptor,
      hasher: await createPlaintextHasher(),
      jobBytes: 65536,
    });
    expect(await source.sha256Hex()).toBe(createHash('sha256').update(plain).digest('hex'));
  });

  it('waits for a hasher that lags behind (as one in a worker does), keeping its backlog bounded, and hashes in order', async () => {
    const plain = randomBytes(40 * 1024 * 1024 + 12345);
    const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
    const hasher = new LaggingHasher();
    const source = new EncryptedFileSource({
      blob: new Blob([plain]),
      header,
      payloadNonce,
      payloadKey: payloadKey(fileKey, payloadNonce),
      encryptor: transferringEncryptor,
      hasher,
      readAheadBytes: 4 * 1024 * 1024,
    });
    await source.slice(0, 4 * 1024 * 1024);
    // Resuming far into the file hashes the gap first, in rounds the lagging hasher has to catch up with.
    await source.slice(source.size - 1000, source.size);
    expect(await source.sha256Hex()).toBe(createHash('sha256').update(plain).digest('hex'));
    expect(hasher.largestBacklog).toBeGreaterThan(0);
    expect(hasher.largestBacklog).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  it('gives the same bytes when a range is asked for again, as after a failed PATCH', async () => {
    const plain = randomBytes(500_000);
    const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
    const source = new EncryptedFileSource({
      blob: new Blob([plain]),
      header,
      payloadNonce,
      payloadKey: payloadKey(fileKey, payloadNonce),
      encryptor: inlineEncryptor,
      hasher: await createPlaintextHasher(),
      readAheadBytes: 100_000,
    });
    const a = Buffer.from((await source.slice(100_000, 200_000)).value);
    await source.slice(200_000, 300_000);
    const again = Buffer.from((await source.slice(100_000, 200_000)).value);
    expect(again.equals(a)).toBe(true);
    await source.slice(300_000, source.size);
    expect(await source.sha256Hex()).toBe(createHash('sha256').update(plain).digest('hex'));
  });
  it('reuses a slice’s buffer only once two later slices have been asked for, and every slice stays intact until then', async () => {
    const plain = randomBytes(3 * 1024 * 1024 + 777);
    const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
    const source = new EncryptedFileSource({
      blob: new Blob([plain]),
      header,
      payloadNonce,
      payloadKey: payloadKey(fileKey, payloadNonce),
      encryptor: transferringEncryptor,
      hasher: await createPlaintextHasher(),
      readAheadBytes: 256 * 1024,
    });
    // Like tus: one slice at a time, each sent (here: compared) while the next ones are prepared and asked for.
    const handedOut: Array<{ value: Uint8Array; copy: Buffer }> = [];
    const parts: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (let offset = 0; offset < source.size; offset += 256 * 1024) {
      const { value } = await source.slice(offset, offset + 256 * 1024);
      for (const earlier of handedOut.slice(-2)) expect(Buffer.from(earlier.value).equals(earlier.copy)).toBe(true);
      handedOut.push({ value, copy: Buffer.from(value) });
      parts.push(Buffer.from(value));
      buffers.add(value.buffer);
    }
    expect(ageDecrypt(Buffer.concat(parts)).equals(plain)).toBe(true);
    expect(buffers.size).toBeLessThan(handedOut.length);
  });
});

describe('makeAgeHeader', () => {
  it('ends the header with the MAC line and learns the key age used', async () => {
    const { header, fileKey, payloadNonce } = await makeAgeHeader([recipient]);
    expect(Buffer.from(header).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> X25519 [^\n]+\n[^\n]+\n--- [A-Za-z0-9+/]{43}\n$/);
    expect(fileKey).toHaveLength(16);
    expect(payloadNonce).toHaveLength(16);
  });
});
