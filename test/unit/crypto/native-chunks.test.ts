import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payloadKey as portablePayloadKey } from '../../../src/age-format/index.js';
import { AGE_CHUNK, AGE_TAG_BYTES, encryptChunk, openChunkInto, payloadKey, sealChunkInto } from '../../../src/crypto/age-chunk.js';

describe('the native chunk path (OpenSSL HKDF, libsodium into reused memory)', () => {
  it('derives the payload key the portable definition derives', () => {
    for (let i = 0; i < 20; i++) {
      const fileKey = randomBytes(16);
      const nonce = randomBytes(16);
      expect(payloadKey(fileKey, nonce).toString('hex')).toBe(Buffer.from(portablePayloadKey(fileKey, nonce)).toString('hex'));
    }
    expect(() => payloadKey(randomBytes(15), randomBytes(16))).toThrow(RangeError);
  });

  it('seals each chunk as OpenSSL does, full, short and empty, last or not', () => {
    const key = randomBytes(32);
    for (const [length, last] of [
      [AGE_CHUNK, false],
      [AGE_CHUNK, true],
      [1234, true],
      [0, true],
    ] as const) {
      const plain = randomBytes(length);
      const out = Buffer.alloc(length + AGE_TAG_BYTES, 0xaa);
      sealChunkInto(key, 41, plain, last, out);
      expect(out.toString('hex')).toBe(encryptChunk(key, 41, plain, last).toString('hex'));
    }
    expect(() => sealChunkInto(key, 0, randomBytes(10), false, Buffer.alloc(10 + AGE_TAG_BYTES))).toThrow(/only the last/);
    expect(() => sealChunkInto(key, 0, randomBytes(10), true, Buffer.alloc(10))).toThrow(/plaintext and the tag/);
  });

  it('opens into the given memory, and refuses a changed byte, the wrong index or the wrong last flag', () => {
    const key = randomBytes(32);
    const plain = randomBytes(AGE_CHUNK);
    const sealed = encryptChunk(key, 5, plain, false);
    const out = Buffer.alloc(AGE_CHUNK);
    openChunkInto(key, 5, sealed, false, out);
    expect(out.equals(plain)).toBe(true);
    expect(() => openChunkInto(key, 6, sealed, false, out)).toThrow(/chunk 6 failed authentication/);
    expect(() => openChunkInto(key, 5, sealed, true, out)).toThrow(/failed authentication/);
    const altered = Buffer.from(sealed);
    altered[100]! ^= 1;
    expect(() => openChunkInto(key, 5, altered, false, out)).toThrow(/failed authentication/);
    expect(() => openChunkInto(key, 1, encryptChunk(key, 1, Buffer.alloc(0), true), true, Buffer.alloc(0))).toThrow(/empty final chunk after data/);
  });
});
