import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AGE_CHUNK,
  AGE_CHUNK_ENCRYPTED,
  AgeDecryptError,
  PayloadDecryptor,
  PayloadEncryptor,
  decryptChunk,
  encryptChunk,
  payloadKey,
} from '../../../src/crypto/age.js';
import { runPayload } from './age-test-helpers.js';

const fileKey = randomBytes(16);
const nonce = randomBytes(16);
const key = payloadKey(fileKey, nonce);

function encrypt(plain: Buffer): Buffer {
  return runPayload(new PayloadEncryptor(fileKey, nonce), [plain]);
}

/** Decrypts in small pieces; returns the plaintext released before the error, and the error. */
function decryptExpectingError(ciphertext: Buffer): { released: Buffer; error: AgeDecryptError } {
  const decryptor = new PayloadDecryptor(fileKey, nonce);
  const released: Buffer[] = [];
  try {
    for (let i = 0; i < ciphertext.length; i += 4099) released.push(decryptor.push(ciphertext.subarray(i, i + 4099)));
    released.push(decryptor.finish());
  } catch (err) {
    expect(err).toBeInstanceOf(AgeDecryptError);
    expect((err as AgeDecryptError).failure).toBe('payload');
    return { released: Buffer.concat(released), error: err as AgeDecryptError };
  }
  throw new Error('expected decryption to fail');
}

function flipBit(buf: Buffer, offset: number): Buffer {
  const copy = Buffer.from(buf);
  copy[offset]! ^= 0x01;
  return copy;
}

const plain = randomBytes(3 * AGE_CHUNK + 100); // chunks 0..2 full, chunk 3 has 100 bytes
const ciphertext = encrypt(plain);

describe('PayloadDecryptor rejects damaged payloads', () => {
  it('names the chunk whose tag was altered and releases only earlier chunks', () => {
    const tagOfChunk1 = 2 * AGE_CHUNK_ENCRYPTED - 1;
    const { released, error } = decryptExpectingError(flipBit(ciphertext, tagOfChunk1));
    expect(error.message).toMatch(/chunk 1 failed authentication/);
    expect(released.equals(plain.subarray(0, AGE_CHUNK))).toBe(true);
  });

  it('detects an altered ciphertext byte in the final chunk', () => {
    const { error } = decryptExpectingError(flipBit(ciphertext, 3 * AGE_CHUNK_ENCRYPTED + 5));
    expect(error.message).toMatch(/chunk 3 failed authentication/);
  });

  it('detects truncation inside the final chunk', () => {
    const { error } = decryptExpectingError(ciphertext.subarray(0, ciphertext.length - 50));
    expect(error.message).toMatch(/chunk 3/);
  });

  it('detects truncation that leaves less than a tag', () => {
    const { error } = decryptExpectingError(ciphertext.subarray(0, 3 * AGE_CHUNK_ENCRYPTED + 10));
    expect(error.message).toMatch(/truncated: chunk 3 is incomplete/);
  });

  it('detects a dropped final chunk', () => {
    const { released, error } = decryptExpectingError(ciphertext.subarray(0, 3 * AGE_CHUNK_ENCRYPTED));
    expect(error.message).toMatch(/truncated: chunk 2 is not the final chunk/);
    expect(released.length).toBe(2 * AGE_CHUNK);
  });

  it('detects an empty payload', () => {
    const { error } = decryptExpectingError(Buffer.alloc(0));
    expect(error.message).toMatch(/truncated/);
  });

  it('detects bytes appended after a short final chunk', () => {
    const { error } = decryptExpectingError(Buffer.concat([ciphertext, Buffer.from([0])]));
    expect(error.message).toMatch(/chunk 3 failed authentication/);
  });

  it('detects bytes appended after a full-size final chunk', () => {
    const full = encrypt(randomBytes(2 * AGE_CHUNK));
    const { error } = decryptExpectingError(Buffer.concat([full, randomBytes(40)]));
    expect(error.message).toMatch(/chunk 1 is marked final but more data follows/);
  });

  it('detects a non-last chunk marked as last', () => {
    const forged = Buffer.concat([
      encryptChunk(key, 0, plain.subarray(0, AGE_CHUNK), true),
      encryptChunk(key, 1, plain.subarray(AGE_CHUNK, AGE_CHUNK + 10), true),
    ]);
    const { released, error } = decryptExpectingError(forged);
    expect(error.message).toMatch(/chunk 0 is marked final but more data follows/);
    expect(released.length).toBe(0);
  });

  it('rejects an empty final chunk after data', () => {
    const forged = Buffer.concat([encryptChunk(key, 0, plain.subarray(0, AGE_CHUNK), false), encryptChunk(key, 1, Buffer.alloc(0), true)]);
    const { error } = decryptExpectingError(forged);
    expect(error.message).toMatch(/chunk 1 is an empty final chunk/);
    expect(() => decryptChunk(key, 1, forged.subarray(AGE_CHUNK_ENCRYPTED), true)).toThrow(/empty final chunk/);
  });

  it('rejects reordered chunks', () => {
    const swapped = Buffer.concat([
      ciphertext.subarray(AGE_CHUNK_ENCRYPTED, 2 * AGE_CHUNK_ENCRYPTED),
      ciphertext.subarray(0, AGE_CHUNK_ENCRYPTED),
      ciphertext.subarray(2 * AGE_CHUNK_ENCRYPTED),
    ]);
    expect(decryptExpectingError(swapped).error.message).toMatch(/chunk 0 failed authentication/);
  });

  it('rejects a different nonce (wrong payload key)', () => {
    const decryptor = new PayloadDecryptor(fileKey, randomBytes(16));
    expect(() => runPayload(decryptor, [ciphertext])).toThrow(/chunk 0 failed authentication/);
  });

  it('refuses further input after a failure', () => {
    const decryptor = new PayloadDecryptor(fileKey, nonce);
    expect(() => decryptor.push(flipBit(ciphertext, 0))).toThrow(AgeDecryptError);
    expect(() => decryptor.push(Buffer.alloc(1))).toThrow(/after finish or failure/);
  });

  it('decryptChunk rejects a short non-last chunk', () => {
    const short = encryptChunk(key, 0, Buffer.alloc(10), true);
    expect(() => decryptChunk(key, 0, short, false)).toThrow(/short but not the last/);
  });
});
