import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CHUNK_BYTES, CHUNK_NONCE_BYTES, TAG_BYTES, sealedLength, writeChunkNonce } from '../../src/age-format/index.js';

/**
 * The intake's sealChunks done with @noble/ciphers instead of its own ChaCha20-Poly1305: what the benchmark compares
 * the intake's cipher with. Same contract as web/intake/src/seal-chunks.ts.
 */
export function sealChunksNoble(
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
