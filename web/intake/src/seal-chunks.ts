import { CHUNK_BYTES, TAG_BYTES, sealedLength, writeChunkNonce } from '../../../src/age-format/index.js';
import { chacha20Xor } from './chacha20.js';
import { poly1305AeadTag } from './poly1305.js';

/**
 * Seals a run of whole STREAM chunks with ChaCha20-Poly1305: `plaintext` begins at chunk `firstChunk` and ends on a
 * chunk boundary or at the end of the file; `finalChunk` is the index of the file's last chunk. Writes into `out`
 * when given. The cipher is our own (chacha20.ts, poly1305.ts) because in Chromium it measured 1.9 to 4.4 times
 * @noble/ciphers' speed (`npm run bench:intake` compares them in one page); the tests check it against OpenSSL and
 * noble, and the Debian age CLI decrypts its output.
 */
export function sealChunks(
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
    if (take < CHUNK_BYTES && index !== finalChunk) throw new RangeError('only the final chunk may be short');
    if (index > finalChunk) throw new RangeError('chunk past the final chunk');
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
