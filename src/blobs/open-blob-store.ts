import type { BlobsTarget } from '../config/index.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { createS3Client } from './s3-client.js';

export interface OpenBlobStore {
  store: BlobStore;
  /** Releases the store's connections (the S3 client's sockets). */
  close(): void;
}

/** The blob store `VIGIL_BLOBS_URL` names: a folder, or an S3 bucket and prefix. */
export function openBlobStore(target: BlobsTarget): OpenBlobStore {
  if (target.kind === 'fs') return { store: new FsBlobStore(target.dir), close: () => undefined };
  const client = createS3Client(target);
  return { store: new S3BlobStore(client, { bucket: target.bucket, prefix: target.prefix }), close: () => client.destroy() };
}
