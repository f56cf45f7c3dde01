import type { S3BlobsTarget } from '../config/index.js';
import type { OpenBlobStore } from './open-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { createS3Client } from './s3-client.js';

/** Loaded only where the blobs are in S3: the AWS SDK is 35 MB of memory that a vault on disk does without. */
export function openS3BlobStore(target: S3BlobsTarget): OpenBlobStore {
  const client = createS3Client(target);
  return { store: new S3BlobStore(client, { bucket: target.bucket, prefix: target.prefix }), close: () => client.destroy() };
}
