import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CHUNK_BYTES, CHUNK_NONCE_BYTES, TAG_BYTES, sealedLength, writeChunkNonce } from './stream.js';

/**
 * Seals a run of whole STREAM chunks with ChaCha20-Poly1305 in plain JavaScript (@noble/ciphers), for runtimes
 * without a native cipher (the browser): `plaintext` begins at chunk `firstChunk` and ends on a chunk boundary or at
 * the end of the file, whose last chunk is `finalChunk`. Writes into `out` when given.
 */
export function sealChunks(
  key: Uint8Array,
  plaintext: Uint8Array,
  firstChunk: number,
  finalChunk: number,
  out: Uint8Array = new Uint8Array(sealedLength(plaintext.length)),
): Uint8Array {
  if (out.length < sealedLength(plaintext.length)) throw new RangeError('output too small for the sealed chunks');
  const nonce = new Uint8Array(CHUNK_NONCE_BYTES);
  let index = firstChunk;
  let read = 0;
  let written = 0;
  do {
    const take = Math.min(CHUNK_BYTES, plaintext.length - read);
    if (take < CHUNK_BYTES && index !== finalChunk) throw new RangeError('only the final chunk may be short');
    if (index > finalChunk) throw new RangeError('chunk past the final chunk');
    writeChunkNonce(nonce, index, index === finalChunk);
    chacha20poly1305(key, nonce).encrypt(plaintext.subarray(read, read + take), out.subarray(written, written + take + TAG_BYTES));
    read += take;
    written += take + TAG_BYTES;
    index++;
  } while (read < plaintext.length);
  return out;
}
