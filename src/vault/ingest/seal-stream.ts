import type { BlobStore, BlobWriter } from '../../blobs/index.js';
import { createAgeHeader, PayloadEncryptor } from '../../crypto/index.js';
import { detectMediaType, SNIFF_BYTES } from '../media-type.js';
import type { PlaintextSource } from '../sources/types.js';
import type { PieceHasher } from './sha256-offload.js';

export interface SealedBlob {
  writer: BlobWriter;
  sha256: string;
  size: number;
  mediaType: string;
}

/**
 * Reads a plaintext stream once: hashes it, encrypts it to the organisation's recipients
 * and writes the age file into a temporary blob. Plaintext exists only in memory, a piece at a time.
 */
export async function sealStream(
  input: PlaintextSource,
  store: BlobStore,
  recipients: string[],
  hasher: PieceHasher,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<SealedBlob> {
  let writer: BlobWriter;
  try {
    writer = await store.create();
  } catch (error) {
    input.destroy();
    throw error;
  }
  try {
    const { header, fileKey } = await createAgeHeader(recipients);
    const encryptor = new PayloadEncryptor(fileKey);
    await writer.write(Buffer.concat([header, encryptor.nonce]));
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    for await (const piece of input) {
      signal?.throwIfAborted();
      // Hashed in another thread while this one encrypts; the piece's memory is reused once both are done.
      const hashed = hasher.update(piece);
      if (headBytes < SNIFF_BYTES) {
        head.push(Buffer.from(piece.subarray(0, SNIFF_BYTES - headBytes)));
        headBytes += Math.min(piece.length, SNIFF_BYTES - headBytes);
      }
      size += piece.length;
      const written = writer.write(encryptor.pushSealed(piece));
      // Both settle before anything fails: the piece's memory, and the writer's, must not be in use when they are reused.
      const [hash, write] = await Promise.allSettled([hashed, written]);
      if (hash.status === 'rejected') throw hash.reason;
      if (write.status === 'rejected') throw write.reason;
      onBytes(piece.length);
    }
    await writer.write(encryptor.finishSealed());
    await writer.finish();
    return { writer, sha256: await hasher.digest(), size, mediaType: await detectMediaType(Buffer.concat(head)) };
  } catch (error) {
    input.destroy();
    hasher.abandon();
    await writer.abort();
    throw error;
  }
}
