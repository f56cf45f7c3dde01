/**
 * age's STREAM payload (age-encryption.org/v1): after the header come a 16-byte payload nonce and the plaintext in
 * 64 KiB chunks, each sealed with ChaCha20-Poly1305 under HKDF-SHA-256(file key, payload nonce, "payload") and the
 * 12-byte nonce of an 11-byte big-endian chunk counter and a last-chunk flag. An empty file has one empty chunk.
 */
export const CHUNK_BYTES = 64 * 1024;
export const TAG_BYTES = 16;
export const SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
export const PAYLOAD_NONCE_BYTES = 16;
export const FILE_KEY_BYTES = 16;
export const CHUNK_NONCE_BYTES = 12;
/** The counter has 11 bytes; 2^48 chunks (16 EiB) is beyond any real file and keeps the arithmetic exact. */
export const MAX_CHUNK_INDEX = 2 ** 48 - 1;

export function chunkCount(plainSize: number): number {
  if (!Number.isSafeInteger(plainSize) || plainSize < 0) throw new RangeError(`invalid plaintext size ${plainSize}`);
  return Math.max(1, Math.ceil(plainSize / CHUNK_BYTES));
}

/** Ciphertext bytes of a run of whole chunks (ending on a chunk boundary or the end of the file) holding `plainLength` bytes. */
export function sealedLength(plainLength: number): number {
  return plainLength + TAG_BYTES * chunkCount(plainLength);
}

/** Bytes of the whole age file: header, payload nonce, then the sealed chunks. */
export function ageFileSize(headerLength: number, plainSize: number): number {
  return headerLength + PAYLOAD_NONCE_BYTES + sealedLength(plainSize);
}

/** True when an age file of `length` bytes with a header of `headerLength` bytes can hold a whole STREAM payload. */
export function isValidAgeFileLength(length: number, headerLength: number): boolean {
  const payload = length - headerLength - PAYLOAD_NONCE_BYTES;
  if (!Number.isSafeInteger(payload) || payload < TAG_BYTES) return false;
  const full = Math.floor(payload / SEALED_CHUNK_BYTES);
  const rest = payload % SEALED_CHUNK_BYTES;
  if (rest === 0) return full > 0;
  if (rest < TAG_BYTES) return false;
  // Only an empty file has an empty (tag-only) final chunk.
  return rest > TAG_BYTES || full === 0;
}

/** Writes the nonce of chunk `index` into `nonce` (12 bytes): the counter big-endian in 11 bytes, then the last flag. */
export function writeChunkNonce(nonce: Uint8Array, index: number, last: boolean): void {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_CHUNK_INDEX) throw new RangeError(`invalid STREAM chunk index ${index}`);
  if (nonce.length !== CHUNK_NONCE_BYTES) throw new RangeError(`a STREAM chunk nonce has ${CHUNK_NONCE_BYTES} bytes`);
  let n = index;
  for (let i = 10; i >= 0; i--) {
    nonce[i] = n % 256;
    n = Math.floor(n / 256);
  }
  nonce[11] = last ? 1 : 0;
}

export function chunkNonce(index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(CHUNK_NONCE_BYTES);
  writeChunkNonce(nonce, index, last);
  return nonce;
}
