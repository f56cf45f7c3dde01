import { S3Client } from '@aws-sdk/client-s3';
import type { S3BlobsTarget } from '../config/index.js';

/** An S3 client for the configured store: path-style addressing wherever an endpoint is set. */
export function createS3Client(target: S3BlobsTarget): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.forcePathStyle,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    // Retries with backoff cover a flaky link; a blob is recorded only after its upload and copy succeeded.
    maxAttempts: 5,
  });
}
