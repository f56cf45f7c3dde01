// The blobs module's contract: everything other modules may use of it.
export { BlobStoreError, BlobStoreFullError, type BlobStore, type BlobWriter } from './blob-store.js';
export { FsBlobStore } from './fs-blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
export { createS3Client } from './s3-client.js';
export { openBlobStore, type OpenBlobStore } from './open-blob-store.js';
export { migrateBlobs, BlobMigrationError, type MigrationProgress, type MigrationReport } from './migrate-blobs.js';
