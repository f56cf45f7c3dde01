import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  SEALED_CHUNK_BYTES,
  ageFileSize,
  chunkNonce,
  isValidAgeFileLength,
  payloadKey,
  sealedLength,
  writeChunkNonce,
} from '../../../src/age-format/index.js';
import { decryptChunk, encryptChunk, payloadKey as nodePayloadKey } from '../../../src/crypto/age.js';
import { copySealedRun, sealChunks, sealChunksInPlace } from '../../../web/intake/src/seal-chunks.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** ChaCha20-Poly1305 from OpenSSL, through node:crypto: the peer the portable code must agree with. */
function openSslSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

describe('the browser’s sealChunks against OpenSSL and the server', () => {
  it('seals each 64 KiB chunk as OpenSSL does under the STREAM nonce', () => {
    const key = new Uint8Array(randomBytes(32));
    const plain = new Uint8Array(randomBytes(2 * CHUNK_BYTES + 1234));
    const sealed = sealChunks(key, plain, 7, 9);
    expect(sealed).toHaveLength(sealedLength(plain.length));
    for (let i = 0; i < 3; i++) {
      const expected = openSslSeal(key, chunkNonce(7 + i, i === 2), plain.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
      expect(hex(sealed.subarray(i * SEALED_CHUNK_BYTES, i * SEALED_CHUNK_BYTES + expected.length))).toBe(hex(expected));
    }
  });

  it('agrees with the server’s native chunks, which decrypt what the browser sealed', () => {
    const fileKey = randomBytes(16);
    const nonce = randomBytes(16);
    const key = nodePayloadKey(fileKey, nonce);
    const plain = randomBytes(CHUNK_BYTES);
    expect(hex(sealChunks(key, plain, 3, 3))).toBe(hex(encryptChunk(key, 3, plain, true)));
    expect(hex(decryptChunk(key, 0, Buffer.from(sealChunks(key, plain.subarray(0, 10), 0, 0)), true))).toBe(hex(plain.subarray(0, 10)));
  });

  it('seals in place what sealChunks seals into a new buffer, and lays any range of it out as the age file has it', () => {
    const key = new Uint8Array(randomBytes(32));
    for (const length of [0, 10, CHUNK_BYTES, 3 * CHUNK_BYTES + 99]) {
      const plain = new Uint8Array(randomBytes(length));
      const expected = sealChunks(key, plain, 4, 4 + Math.max(0, Math.ceil(length / CHUNK_BYTES) - 1));
      const data = plain.slice();
      const run = sealChunksInPlace(key, data, 4, 4 + Math.max(0, Math.ceil(length / CHUNK_BYTES) - 1));
      expect(run.ciphertext.buffer).toBe(data.buffer);
      const sealedAt = 1000;
      for (const [start, end] of [
        [sealedAt, sealedAt + expected.length],
        [0, 1010],
        [sealedAt + 5, sealedAt + expected.length - 3],
        [sealedAt + CHUNK_BYTES, sealedAt + CHUNK_BYTES + 40],
      ] as const) {
        const out = new Uint8Array(Math.max(0, end - start));
        copySealedRun(run, sealedAt, out, start, end);
        const want = new Uint8Array(out.length);
        const from = Math.max(start, sealedAt);
        const to = Math.min(end, sealedAt + expected.length);
        if (from < to) want.set(expected.subarray(from - sealedAt, to - sealedAt), from - start);
        expect(hex(out)).toBe(hex(want));
      }
    }
    expect(() => sealChunksInPlace(key, new Uint8Array(100), 0, 1)).toThrow(/final chunk/);
  });

  it('seals the empty final chunk of an empty file, and refuses a short chunk that is not final', () => {
    const key = new Uint8Array(randomBytes(32));
    expect(hex(sealChunks(key, new Uint8Array(0), 0, 0))).toBe(hex(openSslSeal(key, chunkNonce(0, true), new Uint8Array(0))));
    expect(() => sealChunks(key, new Uint8Array(100), 0, 1)).toThrow(/final chunk/);
  });
});

describe('STREAM arithmetic', () => {
  it('derives the payload key with HKDF-SHA-256 "payload", as OpenSSL does', () => {
    const fileKey = randomBytes(16);
    const nonce = randomBytes(16);
    expect(hex(payloadKey(fileKey, nonce))).toBe(hex(Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32))));
    expect(() => payloadKey(fileKey.subarray(1), nonce)).toThrow(RangeError);
  });

  it('writes the counter big-endian in 11 bytes and the last flag in the twelfth', () => {
    const nonce = new Uint8Array(12);
    writeChunkNonce(nonce, 2 ** 40 + 258, true);
    expect(hex(nonce)).toBe('000000000001000000010201');
    expect(hex(chunkNonce(1, false))).toBe('000000000000000000000100');
    expect(() => chunkNonce(-1, false)).toThrow(RangeError);
    expect(() => chunkNonce(2 ** 48, false)).toThrow(RangeError);
  });

  it('sizes age files as the format does', () => {
    expect(ageFileSize(100, 0)).toBe(100 + 16 + 16);
    expect(ageFileSize(100, 65536)).toBe(100 + 16 + 65536 + 16);
    expect(ageFileSize(100, 65537)).toBe(100 + 16 + 65537 + 32);
  });

  it('accepts exactly the lengths some plaintext size produces', () => {
    const producible = new Set<number>();
    for (let plain = 0; plain <= 3 * CHUNK_BYTES + 40; plain++) producible.add(ageFileSize(50, plain));
    for (let length = 0; length <= ageFileSize(50, 3 * CHUNK_BYTES + 40); length++) {
      if (isValidAgeFileLength(length, 50) !== producible.has(length)) throw new Error(`length ${length} misjudged`);
    }
    expect(producible.size).toBeGreaterThan(3 * CHUNK_BYTES);
  });
});
