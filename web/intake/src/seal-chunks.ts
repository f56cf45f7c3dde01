import { CHUNK_BYTES, SEALED_CHUNK_BYTES, TAG_BYTES, chunkCount, sealedLength, writeChunkNonce } from '../../../src/age-format/index.js';
import { chacha20Xor } from './chacha20.js';
import { poly1305AeadTag } from './poly1305.js';

/**
 * A run of whole STREAM chunks sealed in place: chunk i's ciphertext took the place of its plaintext in `ciphertext`
 * (the same buffer, so nothing new is allocated), and its tag is `tags[16 i, 16 i + 16)`.
 */
export interface SealedRun {
  ciphertext: Uint8Array<ArrayBuffer>;
  tags: Uint8Array;
}

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
  forEachChunk(plaintext.length, firstChunk, finalChunk, (index, read, take) => {
    const written = (index - firstChunk) * SEALED_CHUNK_BYTES;
    sealChunk(
      key,
      index,
      index === finalChunk,
      plaintext.subarray(read, read + take),
      out.subarray(written, written + take),
      out.subarray(written + take, written + take + TAG_BYTES),
    );
  });
  return out;
}

/**
 * Seals like sealChunks, but over the plaintext itself: in a browser a fresh buffer per run costs more than the cipher
 * (zeroing and faulting in its pages), so the buffer is sealed where it lies and goes back to its owner for reuse.
 */
export function sealChunksInPlace(key: Uint8Array, data: Uint8Array<ArrayBuffer>, firstChunk: number, finalChunk: number): SealedRun {
  const tags = new Uint8Array(TAG_BYTES * chunkCount(data.length));
  forEachChunk(data.length, firstChunk, finalChunk, (index, read, take) => {
    const at = (index - firstChunk) * TAG_BYTES;
    const chunk = data.subarray(read, read + take);
    sealChunk(key, index, index === finalChunk, chunk, chunk, tags.subarray(at, at + TAG_BYTES));
  });
  return { ciphertext: data, tags };
}

/**
 * Copies the part of a sealed run that falls in [start, end) of the age file into `out` (which holds that range).
 * `sealedAt` is where the run's first chunk begins in the age file.
 */
export function copySealedRun(run: SealedRun, sealedAt: number, out: Uint8Array, start: number, end: number): void {
  const { ciphertext, tags } = run;
  const chunks = tags.length / TAG_BYTES;
  for (let i = 0; i < chunks; i++) {
    const plainFrom = i * CHUNK_BYTES;
    const take = Math.min(CHUNK_BYTES, ciphertext.length - plainFrom);
    const chunkAt = sealedAt + i * SEALED_CHUNK_BYTES;
    copyPart(ciphertext.subarray(plainFrom, plainFrom + take), chunkAt, out, start, end);
    copyPart(tags.subarray(i * TAG_BYTES, (i + 1) * TAG_BYTES), chunkAt + take, out, start, end);
  }
}

/** Copies the bytes of `part` (at file offset `at`) that fall in [start, end) into `out` (the bytes of that range). */
function copyPart(part: Uint8Array, at: number, out: Uint8Array, start: number, end: number): void {
  const from = Math.max(start, at);
  const to = Math.min(end, at + part.length);
  if (from < to) out.set(part.subarray(from - at, to - at), from - start);
}

function forEachChunk(length: number, firstChunk: number, finalChunk: number, each: (index: number, read: number, take: number) => void): void {
  let index = firstChunk;
  let read = 0;
  do {
    const take = Math.min(CHUNK_BYTES, length - read);
    if (take < CHUNK_BYTES && index !== finalChunk) throw new RangeError('only the final chunk may be short');
    if (index > finalChunk) throw new RangeError('chunk past the final chunk');
    each(index, read, take);
    read += take;
    index++;
  } while (read < length);
}

const nonce = new Uint8Array(12);
const oneTimeKey = new Uint8Array(32);
const ZEROS32 = new Uint8Array(32);

function sealChunk(key: Uint8Array, index: number, last: boolean, input: Uint8Array, output: Uint8Array, tag: Uint8Array): void {
  writeChunkNonce(nonce, index, last);
  chacha20Xor(key, nonce, 0, ZEROS32, oneTimeKey);
  chacha20Xor(key, nonce, 1, input, output);
  poly1305AeadTag(oneTimeKey, output, tag);
}
