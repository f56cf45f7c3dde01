import type { BlobsTarget } from '../config/index.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

export interface OpenBlobStore {
  store: BlobStore;
  /** Releases the store's connections (the S3 client's sockets). */
  close(): void;
}

/** The blob store `VIGIL_BLOBS_URL` names: a folder, or an S3 bucket and prefix. */
export async function openBlobStore(target: BlobsTarget): Promise<OpenBlobStore> {
  if (target.kind === 'fs') return { store: new FsBlobStore(target.dir), close: () => undefined };
  const { openS3BlobStore } = await import('./open-s3-blob-store.js');
  return openS3BlobStore(target);
}
