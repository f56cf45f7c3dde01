import { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/index.js';
import { AGE_CHUNK, AGE_CHUNK_ENCRYPTED, AGE_NONCE_BYTES, AgeDecryptError, decryptChunk, findHeaderEnd, payloadKey, readFileKey } from '../crypto/index.js';
import type { Item } from '../db/index.js';

/** age headers of Vigil's blobs are a few hundred bytes; this bounds what is read to find one. */
const HEADER_PROBE_BYTES = 64 * 1024;
/** Chunks read from the blob at once while streaming a range. */
const CHUNKS_PER_READ = 16;

/**
 * Plaintext bytes [start, end] (inclusive) of an item, decrypting only the STREAM chunks that hold
 * them: age's payload is seekable, so a video can be played from its middle without reading the
 * rest. Chunks are authenticated one by one, and only in memory.
 */
export async function plaintextRange(item: Item, blobs: BlobStore, identity: string, start: number, end: number): Promise<Readable> {
  if (!(start >= 0 && end >= start && end < item.size)) throw new RangeError(`bytes ${start}-${end} are outside an item of ${item.size} bytes`);
  const probe = await readAll(blobs.read(item.blob_name, { start: 0, end: HEADER_PROBE_BYTES + AGE_NONCE_BYTES - 1 }));
  const headerEnd = findHeaderEnd(probe);
  if (headerEnd === -1 || probe.length < headerEnd + AGE_NONCE_BYTES) throw new AgeDecryptError('header', 'age header is incomplete');
  const fileKey = await readFileKey(probe.subarray(0, headerEnd), [identity]);
  const key = payloadKey(fileKey, probe.subarray(headerEnd, headerEnd + AGE_NONCE_BYTES));
  const payloadStart = headerEnd + AGE_NONCE_BYTES;
  const lastChunk = Math.max(0, Math.ceil(item.size / AGE_CHUNK) - 1);
  const payloadBytes = item.size + (lastChunk + 1) * (AGE_CHUNK_ENCRYPTED - AGE_CHUNK);

  async function* pieces(): AsyncGenerator<Buffer> {
    for (let first = Math.floor(start / AGE_CHUNK); first <= Math.floor(end / AGE_CHUNK); first += CHUNKS_PER_READ) {
      const last = Math.min(first + CHUNKS_PER_READ - 1, Math.floor(end / AGE_CHUNK));
      const from = payloadStart + first * AGE_CHUNK_ENCRYPTED;
      const to = payloadStart + Math.min((last + 1) * AGE_CHUNK_ENCRYPTED, payloadBytes) - 1;
      const ciphertext = await readAll(blobs.read(item.blob_name, { start: from, end: to }));
      if (ciphertext.length !== to - from + 1) throw new AgeDecryptError('payload', `the blob of ${item.id} is shorter than its recorded size`);
      for (let i = first; i <= last; i++) {
        const offset = (i - first) * AGE_CHUNK_ENCRYPTED;
        const plain = decryptChunk(key, i, ciphertext.subarray(offset, offset + AGE_CHUNK_ENCRYPTED), i === lastChunk);
        const chunkStart = i * AGE_CHUNK;
        yield plain.subarray(Math.max(0, start - chunkStart), Math.min(plain.length, end - chunkStart + 1));
      }
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
