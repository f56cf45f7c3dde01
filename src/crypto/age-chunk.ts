import { createCipheriv, createDecipheriv } from 'node:crypto';
import {
  CHUNK_BYTES as AGE_CHUNK,
  SEALED_CHUNK_BYTES as AGE_CHUNK_ENCRYPTED,
  TAG_BYTES as AGE_TAG_BYTES,
  ageFileSize,
  chunkNonce,
  payloadKey as portablePayloadKey,
} from '../age-format/index.js';
import { AgeDecryptError } from './age-decrypt-error.js';

// The format's arithmetic lives in age-format, shared with the browser; this file is Node's native cipher.
export {
  CHUNK_BYTES as AGE_CHUNK,
  PAYLOAD_NONCE_BYTES as AGE_NONCE_BYTES,
  SEALED_CHUNK_BYTES as AGE_CHUNK_ENCRYPTED,
  TAG_BYTES as AGE_TAG_BYTES,
} from '../age-format/index.js';

export function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  const key = portablePayloadKey(fileKey, nonce);
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

/**
 * Encrypts one chunk and appends its ciphertext and tag to `out` as separate buffers, so that
 * the caller copies them once, straight to where they are going.
 */
export function encryptChunkParts(key: Buffer, index: number, plain: Buffer, last: boolean, out: Buffer[]): void {
  if (plain.length > AGE_CHUNK) throw new RangeError(`STREAM chunk larger than ${AGE_CHUNK} bytes`);
  if (!last && plain.length !== AGE_CHUNK) throw new RangeError('only the last STREAM chunk may be short');
  const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(index, last), {
    authTagLength: AGE_TAG_BYTES,
  });
  const body = cipher.update(plain);
  if (body.length > 0) out.push(body);
  cipher.final(); // ChaCha20-Poly1305 is a stream cipher: nothing is held back
  out.push(cipher.getAuthTag());
}

export function encryptChunk(key: Buffer, index: number, plain: Buffer, last: boolean): Buffer {
  const parts: Buffer[] = [];
  encryptChunkParts(key, index, plain, last, parts);
  return Buffer.concat(parts);
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
  if (chunk.length < AGE_TAG_BYTES || chunk.length > AGE_CHUNK_ENCRYPTED) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} has invalid length ${chunk.length}`);
  }
  if (!last && chunk.length !== AGE_CHUNK_ENCRYPTED) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} is short but not the last chunk`);
  }
  if (last && index > 0 && chunk.length === AGE_TAG_BYTES) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} is an empty final chunk after data`);
  }
  const plain = openChunk(key, index, chunk, last);
  if (plain === null) {
    throw new AgeDecryptError('payload', `age payload chunk ${index} failed authentication`);
  }
  return plain;
}

export function ageEncryptedSize(plaintextSize: number, headerLength: number): number {
  return ageFileSize(headerLength, plaintextSize);
}
