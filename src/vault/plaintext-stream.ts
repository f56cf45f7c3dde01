import { pipeline, type Readable } from 'node:stream';
import type { BlobStore } from '../blobs/index.js';
import { createAgeDecryptStream } from '../crypto/index.js';
import type { Item } from '../db/index.js';

/** The item's plaintext, decrypted as it streams out of its blob; nothing is written to disk. */
export function plaintextOf(item: Item, blobs: BlobStore, identity: string): Readable {
  const decrypt = createAgeDecryptStream([identity]);
  // pipeline, not pipe: an error reading the blob reaches whoever reads the plaintext.
  return pipeline(blobs.read(item.blob_name), decrypt, () => undefined);
}
