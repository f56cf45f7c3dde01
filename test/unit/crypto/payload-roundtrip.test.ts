import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AGE_CHUNK,
  AGE_CHUNK_ENCRYPTED,
  AGE_NONCE_BYTES,
  AGE_TAG_BYTES,
  PayloadDecryptor,
  PayloadEncryptor,
  ageEncryptedSize,
  decryptChunk,
  encryptChunk,
  payloadKey,
} from '../../../src/crypto/age.js';
import { pieceSizes, runPayload, splitBySizes } from './age-test-helpers.js';

const randomSizeUpTo1MiB = 1 + Math.floor(Math.random() * 1024 * 1024);
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 5 * 65536 + 123, randomSizeUpTo1MiB];
const MAX_PIECES = [1, 7, 4099, 65536, 65537, 300_000];

describe('PayloadEncryptor / PayloadDecryptor round trip', () => {
  // Byte-at-a-time pushing is only worth its run time on the small sizes.
  const cases = SIZES.flatMap((size) => MAX_PIECES.filter((maxPiece) => maxPiece > 1 || size <= 70_000).map((maxPiece) => [size, maxPiece] as const));
  it.each(cases)('%i bytes in pieces of at most %i', (size, maxPiece) => {
    const fileKey = randomBytes(16);
    const plain = randomBytes(size);
    const encryptor = new PayloadEncryptor(fileKey);
    const ciphertext = runPayload(encryptor, splitBySizes(plain, pieceSizes(size, maxPiece, size + maxPiece)));

    expect(encryptor.plaintextBytes).toBe(size);
    expect(ciphertext.length).toBe(ageEncryptedSize(size, 0) - AGE_NONCE_BYTES);
    const decryptor = new PayloadDecryptor(fileKey, encryptor.nonce);
    const pieces = splitBySizes(ciphertext, pieceSizes(ciphertext.length, maxPiece, size * 3 + 1));
    expect(runPayload(decryptor, pieces).equals(plain)).toBe(true);
  });

  it('gives the same ciphertext in reused memory, whatever the pieces, keeping no input buffer', () => {
    const fileKey = randomBytes(16);
    const nonce = randomBytes(AGE_NONCE_BYTES);
    const plain = randomBytes(5 * AGE_CHUNK + 999);
    const whole = new PayloadEncryptor(fileKey, nonce);
    const expected = Buffer.concat([whole.push(plain), whole.finish()]);
    const parted = new PayloadEncryptor(fileKey, nonce);
    const parts: Buffer[] = [];
    const scratch = Buffer.alloc(300_000);
    for (const piece of splitBySizes(plain, pieceSizes(plain.length, 300_000, 7))) {
      piece.copy(scratch); // the source may overwrite its buffer once the next piece is asked for
      const sealed = parted.pushSealed(scratch.subarray(0, piece.length));
      parts.push(Buffer.from(sealed)); // the encryptor reuses its output memory at the next call
      scratch.fill(0xee);
      sealed.fill(0xdd);
    }
    parts.push(parted.finishSealed());
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
  });

  it("seals the last chunk into the caller's memory when given, and refuses memory too small", () => {
    const fileKey = randomBytes(16);
    const nonce = randomBytes(AGE_NONCE_BYTES);
    const plain = randomBytes(2 * AGE_CHUNK + 321);
    const own = new PayloadEncryptor(fileKey, nonce);
    const expected = Buffer.concat([own.push(plain), own.finish()]);
    const into = Buffer.alloc(AGE_CHUNK_ENCRYPTED, 0xaa);
    const reusing = new PayloadEncryptor(fileKey, nonce);
    const head = Buffer.from(reusing.pushSealed(plain));
    const last = reusing.finishSealed(into);
    expect(last.buffer).toBe(into.buffer);
    expect(Buffer.concat([head, last]).equals(expected)).toBe(true);
    const cramped = new PayloadEncryptor(fileKey, nonce);
    cramped.pushSealed(plain);
    expect(() => cramped.finishSealed(Buffer.alloc(321 + AGE_TAG_BYTES - 1))).toThrow(RangeError);
  });

  it('holds back the latest full chunk until it is known not to be the last', () => {
    const encryptor = new PayloadEncryptor(randomBytes(16));
    expect(encryptor.push(randomBytes(AGE_CHUNK)).length).toBe(0);
    expect(encryptor.push(randomBytes(1)).length).toBe(AGE_CHUNK_ENCRYPTED);
    expect(encryptor.push(randomBytes(2 * AGE_CHUNK)).length).toBe(2 * AGE_CHUNK_ENCRYPTED);
    expect(encryptor.finish().length).toBe(1 + AGE_TAG_BYTES);
  });

  it('produces the same bytes as encrypting each chunk independently (seekable layout)', () => {
    const fileKey = randomBytes(16);
    const nonce = randomBytes(16);
    const plain = randomBytes(2 * AGE_CHUNK + 500);
    const streamed = runPayload(new PayloadEncryptor(fileKey, nonce), [plain]);

    const key = payloadKey(fileKey, nonce);
    const chunkwise = Buffer.concat([
      encryptChunk(key, 0, plain.subarray(0, AGE_CHUNK), false),
      encryptChunk(key, 1, plain.subarray(AGE_CHUNK, 2 * AGE_CHUNK), false),
      encryptChunk(key, 2, plain.subarray(2 * AGE_CHUNK), true),
    ]);
    expect(streamed.equals(chunkwise)).toBe(true);
    const second = streamed.subarray(AGE_CHUNK_ENCRYPTED, 2 * AGE_CHUNK_ENCRYPTED);
    expect(decryptChunk(key, 1, second, false).equals(plain.subarray(AGE_CHUNK, 2 * AGE_CHUNK))).toBe(true);
  });

  it('uses a fresh random nonce per encryptor', () => {
    const fileKey = randomBytes(16);
    expect(new PayloadEncryptor(fileKey).nonce.equals(new PayloadEncryptor(fileKey).nonce)).toBe(false);
  });

  it('computes the encrypted size of a whole age file', () => {
    expect(ageEncryptedSize(0, 100)).toBe(100 + 16 + 16);
    expect(ageEncryptedSize(AGE_CHUNK, 100)).toBe(100 + 16 + AGE_CHUNK + 16);
    expect(ageEncryptedSize(AGE_CHUNK + 1, 100)).toBe(100 + 16 + AGE_CHUNK + 1 + 32);
  });

  it('refuses to be used after finish', () => {
    const encryptor = new PayloadEncryptor(randomBytes(16));
    encryptor.finish();
    expect(() => encryptor.push(Buffer.from('x'))).toThrow(/after finish/);
  });
});
