import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import sodium from 'sodium-native';
import {
  CHUNK_BYTES as AGE_CHUNK,
  SEALED_CHUNK_BYTES as AGE_CHUNK_ENCRYPTED,
  TAG_BYTES as AGE_TAG_BYTES,
  ageFileSize,
  CHUNK_NONCE_BYTES,
  FILE_KEY_BYTES,
  PAYLOAD_NONCE_BYTES,
  chunkNonce,
  writeChunkNonce,
} from '../age-format/index.js';
import { AgeDecryptError } from './age-decrypt-error.js';

// The format's arithmetic lives in age-format, shared with the browser; this file is Node's native cipher.
export {
  CHUNK_BYTES as AGE_CHUNK,
  PAYLOAD_NONCE_BYTES as AGE_NONCE_BYTES,
  SEALED_CHUNK_BYTES as AGE_CHUNK_ENCRYPTED,
  TAG_BYTES as AGE_TAG_BYTES,
} from '../age-format/index.js';

/**
 * The payload key, by OpenSSL's HKDF: the portable definition (age-format, for the browser) costs a
 * tenth of a millisecond in JavaScript, once a blob, thousands of times in an ingest or a verify.
 * A unit test holds the two to the same result.
 */
export function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  if (fileKey.length !== FILE_KEY_BYTES) throw new RangeError(`an age file key has ${FILE_KEY_BYTES} bytes`);
  if (nonce.length !== PAYLOAD_NONCE_BYTES) throw new RangeError(`an age payload nonce has ${PAYLOAD_NONCE_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

const sealNonce = Buffer.alloc(CHUNK_NONCE_BYTES);

/**
 * Encrypts one chunk into `out` (exactly its length plus the tag), allocating nothing: OpenSSL's
 * cipher returns a fresh buffer per chunk, and at 16,384 chunks a GiB the garbage collector took
 * as long as the cipher. libsodium writes where it is told.
 */
export function sealChunkInto(key: Buffer, index: number, plain: Buffer, last: boolean, out: Buffer): void {
  if (plain.length > AGE_CHUNK) throw new RangeError(`STREAM chunk larger than ${AGE_CHUNK} bytes`);
  if (!last && plain.length !== AGE_CHUNK) throw new RangeError('only the last STREAM chunk may be short');
  if (out.length !== plain.length + AGE_TAG_BYTES) throw new RangeError('a sealed STREAM chunk is its plaintext and the tag');
  writeChunkNonce(sealNonce, index, last);
  sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plain, null, null, sealNonce, key);
}

const openNonce = Buffer.alloc(CHUNK_NONCE_BYTES);

/**
 * Like decryptChunk, into `out` (the chunk's length less the tag) instead of a fresh buffer: verify
 * opens every chunk of the vault, and the copies and garbage cost it more than the cipher.
 */
export function openChunkInto(key: Buffer, index: number, chunk: Buffer, last: boolean, out: Buffer): void {
  checkChunkFraming(index, chunk, last);
  if (out.length !== chunk.length - AGE_TAG_BYTES) throw new RangeError('an opened STREAM chunk is its ciphertext less the tag');
  writeChunkNonce(openNonce, index, last);
  try {
    sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, chunk, null, openNonce, key);
  } catch {
    throw new AgeDecryptError('payload', `age payload chunk ${index} failed authentication`);
  }
}

/** Encrypts one chunk through OpenSSL, into a fresh buffer: the reference `sealChunkInto` is tested against. */
export function encryptChunk(key: Buffer, index: number, plain: Buffer, last: boolean): Buffer {
  if (plain.length > AGE_CHUNK) throw new RangeError(`STREAM chunk larger than ${AGE_CHUNK} bytes`);
  if (!last && plain.length !== AGE_CHUNK) throw new RangeError('only the last STREAM chunk may be short');
  const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(index, last), { authTagLength: AGE_TAG_BYTES });
  const body = cipher.update(plain);
  cipher.final(); // ChaCha20-Poly1305 is a stream cipher: nothing is held back
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/** Like decryptChunk but returns null on a tag mismatch instead of throwing. */
export function openChunk(key: Buffer, index: number, chunk: Buffer, last: boolean): Buffer | null {
  const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(index, last), {
    authTagLength: AGE_TAG_BYTES,
  });
  decipher.setAuthTag(chunk.subarray(chunk.length - AGE_TAG_BYTES));
  const plain = decipher.update(chunk.subarray(0, chunk.length - AGE_TAG_BYTES));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return plain;
}

/**
 * Decrypts and authenticates chunk `index` on its own (for seekable reads). Enforces the
 * framing rules that can be checked from one chunk: non-last chunks are full size, and
 * only chunk 0 may be an empty last chunk.
 */
export function decryptChunk(key: Buffer, index: number, chunk: Buffer, last: boolean): Buffer {
  checkChunkFraming(index, chunk, last);
  const plain = openChunk(key, index, chunk, last);
  if (plain === null) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} failed authentication`);
  }
  return plain;
}

function checkChunkFraming(index: number, chunk: Buffer, last: boolean): void {
  if (chunk.length < AGE_TAG_BYTES || chunk.length > AGE_CHUNK_ENCRYPTED) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} has invalid length ${chunk.length}`);
  }
  if (!last && chunk.length !== AGE_CHUNK_ENCRYPTED) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} is short but not the last chunk`);
  }
  if (last && index > 0 && chunk.length === AGE_TAG_BYTES) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} is an empty final chunk after data`);
  }
}

export function ageEncryptedSize(plaintextSize: number, headerLength: number): number {
  return ageFileSize(headerLength, plaintextSize);
}
