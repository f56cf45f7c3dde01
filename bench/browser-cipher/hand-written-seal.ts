import { CHUNK_BYTES, TAG_BYTES, sealedLength, writeChunkNonce } from '../../src/age-format/index.js';
import { chacha20Xor } from './chacha20.js';
import { poly1305AeadTag } from './poly1305.js';

/**
 * The intake's former hand-written ChaCha20-Poly1305 sealing, kept only so that the benchmark can compare it with
 * @noble/ciphers (which the intake now uses) in the same browser run. Same contract as age-format's sealChunks.
 */
export function sealChunksHandWritten(
  key: Uint8Array,
  plaintext: Uint8Array,
  firstChunk: number,
  finalChunk: number,
  out: Uint8Array = new Uint8Array(sealedLength(plaintext.length)),
): Uint8Array {
  const nonce = new Uint8Array(12);
  const oneTimeKey = new Uint8Array(32);
  let index = firstChunk;
  let read = 0;
  let written = 0;
  do {
    const take = Math.min(CHUNK_BYTES, plaintext.length - read);
    if (take < CHUNK_BYTES && index !== finalChunk) throw new Error('only the final chunk may be short');
    writeChunkNonce(nonce, index, index === finalChunk);
    chacha20Xor(key, nonce, 0, ZEROS32, oneTimeKey);
    const sealed = out.subarray(written, written + take);
    chacha20Xor(key, nonce, 1, plaintext.subarray(read, read + take), sealed);
    poly1305AeadTag(oneTimeKey, sealed, out.subarray(written + take, written + take + TAG_BYTES));
    read += take;
    written += take + TAG_BYTES;
    index++;
  } while (read < plaintext.length);
  return out;
}

const ZEROS32 = new Uint8Array(32);
