import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Encrypter, generateHybridIdentity, generateX25519Identity, identityToRecipient, type Recipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOpenPayload, digestPayload, PayloadDigestPool, readPayloadKeys, readPayloadKeysSync } from '../../../src/vault/verify/index.js';

const CHUNK = 65536;
const SEALED_CHUNK = CHUNK + 16;
let dir: string;
let identity: string;
let recipient: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-payload-digest-'));
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An age file made by the reference implementation (typage), not by Vigil's encryptor. */
async function ageFile(name: string, plain: Buffer): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  const file = path.join(dir, name);
  fs.writeFileSync(file, await encrypter.encrypt(plain));
  return file;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

describe('digestPayload', () => {
  // Around one chunk and around one read (16 chunks), where carrying a held-back chunk over can go wrong.
  const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 16 * CHUNK - 1, 16 * CHUNK, 16 * CHUNK + 1, 17 * CHUNK, 40 * CHUNK + 12345];

  it.each(sizes)('hashes the plaintext of a %i-byte age file made by typage', async (size) => {
    const plain = crypto.randomBytes(size);
    const file = await ageFile(`plain-${size}.age`, plain);
    expect(digestPayload(file, await readPayloadKeys(file, identity))).toEqual({ sha256: sha256(plain), size });
  });

  it('refuses a payload with one byte changed', async () => {
    const file = await ageFile('altered.age', crypto.randomBytes(3 * CHUNK));
    const keys = await readPayloadKeys(file, identity);
    const bytes = fs.readFileSync(file);
    bytes[keys.payloadStart + SEALED_CHUNK + 10]! ^= 1;
    fs.writeFileSync(file, bytes);
    expect(() => digestPayload(file, keys)).toThrow(/authentication/);
  });

  it('refuses a payload cut at a chunk boundary (a shorter file that still opens chunk by chunk)', async () => {
    const file = await ageFile('cut.age', crypto.randomBytes(3 * CHUNK));
    const keys = await readPayloadKeys(file, identity);
    fs.truncateSync(file, keys.payloadStart + 2 * SEALED_CHUNK);
    expect(() => digestPayload(file, keys)).toThrow(/truncated|not the final/);
  });

  it('reads a header, and the payload nonce after it, that end on either side of its first read (4 KiB)', async () => {
    // A stanza of filler, as another recipient type would add, walks the header's end across byte 4096.
    const ends: number[] = [];
    for (let filler = 2830; filler <= 2930; filler += 2) {
      const plain = crypto.randomBytes(100);
      const encrypter = new Encrypter();
      encrypter.addRecipient(recipient);
      encrypter.addRecipient({ wrapFileKey: () => [{ args: ['example.org/filler'], body: new Uint8Array(filler) }] } as unknown as Recipient);
      const file = path.join(dir, `filler-${filler}.age`);
      fs.writeFileSync(file, await encrypter.encrypt(plain));
      const keys = await readPayloadKeys(file, identity);
      ends.push(keys.payloadStart);
      expect(digestPayload(file, keys)).toEqual({ sha256: sha256(plain), size: 100 });
    }
    expect(Math.min(...ends)).toBeLessThan(4096);
    expect(Math.max(...ends)).toBeGreaterThan(4096 + 16);
    // Some header ends in the read while its nonce runs past it.
    expect(ends.some((end) => end > 4096 && end - 16 <= 4096)).toBe(true);
  });

  it('refuses, at once, a FIFO, a folder or a link put where a blob was (opening a FIFO would block for ever)', async () => {
    const fifo = path.join(dir, 'fifo.age');
    execFileSync('mkfifo', [fifo]);
    const folder = path.join(dir, 'folder.age');
    fs.mkdirSync(folder);
    const link = path.join(dir, 'link.age');
    fs.symlinkSync(await ageFile('target.age', crypto.randomBytes(10)), link);
    for (const file of [fifo, folder]) await expect(readPayloadKeys(file, identity)).rejects.toThrow(/not a regular file/);
    await expect(readPayloadKeys(link, identity)).rejects.toMatchObject({ code: 'ELOOP' });
    const keys = await readPayloadKeys(path.join(dir, 'target.age'), identity);
    expect(() => digestPayload(fifo, keys)).toThrow(/not a regular file/);
  });

  it('names a blob that is not there as missing, not as damaged', async () => {
    await expect(readPayloadKeys(path.join(dir, 'absent.age'), identity)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a header that the identity cannot open', async () => {
    const file = await ageFile('other.age', crypto.randomBytes(10));
    const other = await generateX25519Identity();
    await expect(readPayloadKeys(file, other)).rejects.toThrow();
  });

  it('gives the same digests through the pool as inline', async () => {
    const pool = PayloadDigestPool.start(identity);
    try {
      const plains = [0, 5, 2 * CHUNK + 3].map((n) => crypto.randomBytes(n));
      const files = await Promise.all(plains.map((p, i) => ageFile(`pool-${i}.age`, p)));
      const digests = await Promise.all(files.map((f) => pool.digest(f, identity)));
      expect(digests).toEqual(plains.map((p) => ({ sha256: sha256(p), size: p.length })));
    } finally {
      await pool.close();
    }
  });

  it('unwraps an X25519 header synchronously from an open blob, and leaves a post-quantum one to the library', async () => {
    const plain = crypto.randomBytes(3 * CHUNK);
    const file = await ageFile('sync.age', plain);
    const fd = fs.openSync(file, 'r');
    try {
      const keys = readPayloadKeysSync(fd, identity);
      expect(keys).toEqual(await readPayloadKeys(file, identity));
      expect(digestOpenPayload(fd, keys!)).toEqual({ sha256: sha256(plain), size: plain.length });
      const stranger = await generateX25519Identity();
      expect(() => readPayloadKeysSync(fd, stranger)).toThrow(/none of the given identities/);
    } finally {
      fs.closeSync(fd);
    }
    const pq = await generateHybridIdentity();
    const encrypter = new Encrypter();
    encrypter.addRecipient(await identityToRecipient(pq));
    const pqFile = path.join(dir, 'pq.age');
    fs.writeFileSync(pqFile, await encrypter.encrypt(plain));
    const pqFd = fs.openSync(pqFile, 'r');
    try {
      expect(readPayloadKeysSync(pqFd, pq)).toBeUndefined();
    } finally {
      fs.closeSync(pqFd);
    }
    expect(digestPayload(pqFile, await readPayloadKeys(pqFile, pq))).toEqual({ sha256: sha256(plain), size: plain.length });
  });
});
