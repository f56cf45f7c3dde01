import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { AgeDecryptError } from './age-decrypt-error.js';

/** Plaintext bytes per STREAM chunk. */
export const AGE_CHUNK = 65536;
export const AGE_TAG_BYTES = 16;
/** Ciphertext bytes of every chunk except possibly the last. */
export const AGE_CHUNK_ENCRYPTED = AGE_CHUNK + AGE_TAG_BYTES;
export const AGE_NONCE_BYTES = 16;

const FILE_KEY_BYTES = 16;
// The counter is 11 bytes in the format; 2^48 chunks (16 EiB) is far beyond any real file
// and keeps the arithmetic inside JavaScript's safe integers.
const MAX_CHUNK_INDEX = 2 ** 48 - 1;

export function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  if (fileKey.length !== FILE_KEY_BYTES) throw new Error(`age file key must be ${FILE_KEY_BYTES} bytes`);
  if (nonce.length !== AGE_NONCE_BYTES) throw new Error(`age payload nonce must be ${AGE_NONCE_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

function chunkNonce(index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_CHUNK_INDEX) {
    throw new RangeError(`invalid STREAM chunk index ${index}`);
  }
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
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
  if (!Number.isSafeInteger(plaintextSize) || plaintextSize < 0) throw new RangeError('invalid plaintext size');
  const chunks = Math.max(1, Math.ceil(plaintextSize / AGE_CHUNK));
  return headerLength + AGE_NONCE_BYTES + plaintextSize + chunks * AGE_TAG_BYTES;
}
