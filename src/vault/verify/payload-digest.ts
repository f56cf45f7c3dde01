import crypto from 'node:crypto';
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openBlobFile } from './open-blob-file.js';
import { AGE_CHUNK_ENCRYPTED, AGE_TAG_BYTES, AgeDecryptError, openChunkInto, payloadKey } from '../../crypto/index.js';

/** Where an age file's payload starts, and the keys to open it (from its header, read by the caller). */
export interface PayloadKeys {
  payloadStart: number;
  fileKey: Buffer;
  nonce: Buffer;
}

export interface PayloadDigest {
  sha256: string;
  size: number;
}

/** Whole STREAM chunks per read, so that each read opens in place without carrying bytes over. */
const READ_CHUNKS = 16;

/** One pair of buffers per thread, for every blob it opens: a MiB per blob was most of a worker's garbage. */
let scratch: { sealed: Buffer; plain: Buffer } | undefined;

/**
 * Decrypts an age file's payload and hashes the plaintext, with the thread's two buffers: no stream, no fresh
 * buffer per read or per chunk (the garbage that cost verify more than its crypto). The file's size
 * says which chunk is the last, so each chunk is opened once with the right flag; a file cut at a chunk
 * boundary then fails on its new last chunk, which was sealed as not last.
 * Synchronous: it runs in a worker thread, or inline where no worker can be started.
 */
export function digestPayload(file: string, keys: PayloadKeys): PayloadDigest {
  const fd = openBlobFile(file);
  try {
    return digestOpenPayload(fd, keys);
  } finally {
    closeSync(fd);
  }
}

/** digestPayload of a blob already open (its descriptor stays open). */
export function digestOpenPayload(fd: number, keys: PayloadKeys): PayloadDigest {
  const key = payloadKey(keys.fileKey, keys.nonce);
  const payloadBytes = fstatSync(fd).size - keys.payloadStart;
  if (payloadBytes < AGE_TAG_BYTES) throw new AgeDecryptError('payload', 'age payload truncated: chunk 0 is incomplete');
  const chunks = Math.ceil(payloadBytes / AGE_CHUNK_ENCRYPTED);
  const lastLength = payloadBytes - (chunks - 1) * AGE_CHUNK_ENCRYPTED;
  if (lastLength < AGE_TAG_BYTES) throw new AgeDecryptError('payload', `age payload truncated: chunk ${chunks - 1} is incomplete`);
  const hash = crypto.createHash('sha256');
  const { sealed, plain } = (scratch ??= {
    sealed: Buffer.allocUnsafeSlow(READ_CHUNKS * AGE_CHUNK_ENCRYPTED),
    plain: Buffer.allocUnsafeSlow(AGE_CHUNK_ENCRYPTED - AGE_TAG_BYTES),
  });
  let index = 0;
  let size = 0;
  while (index < chunks) {
    const want = Math.min(READ_CHUNKS * AGE_CHUNK_ENCRYPTED, payloadBytes - index * AGE_CHUNK_ENCRYPTED);
    const got = readFully(fd, sealed.subarray(0, want), keys.payloadStart + index * AGE_CHUNK_ENCRYPTED);
    if (got < want) throw new AgeDecryptError('payload', `age payload truncated while it was read: chunk ${index + Math.floor(got / AGE_CHUNK_ENCRYPTED)}`);
    for (let offset = 0; offset < got; offset += AGE_CHUNK_ENCRYPTED, index++) {
      const chunk = sealed.subarray(offset, Math.min(got, offset + AGE_CHUNK_ENCRYPTED));
      const opened = plain.subarray(0, chunk.length - AGE_TAG_BYTES);
      if (index === chunks - 1) openLastChunk(key, index, chunk, opened);
      else openChunkInto(key, index, chunk, false, opened);
      hash.update(opened);
      size += opened.length;
    }
  }
  return { sha256: hash.digest('hex'), size };
}

/** The last chunk, telling a file cut at a chunk boundary (its new end was sealed as not last) from damage. */
function openLastChunk(key: Buffer, index: number, chunk: Buffer, out: Buffer): void {
  try {
    openChunkInto(key, index, chunk, true, out);
  } catch (error) {
    let sealedAsNotLast = false;
    if (chunk.length === AGE_CHUNK_ENCRYPTED) {
      try {
        openChunkInto(key, index, chunk, false, out);
        sealedAsNotLast = true;
      } catch {
        // damaged, not cut
      }
    }
    if (sealedAsNotLast) throw new AgeDecryptError('payload', `age payload truncated: chunk ${index} is not the final chunk`);
    throw error;
  }
}

function readFully(fd: number, into: Buffer, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
