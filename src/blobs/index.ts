// The blobs module's contract: everything other modules may use of it.
export { BlobStoreError, BlobStoreFullError, type BlobStore, type BlobWriter, type LocalTemporaries } from './blob-store.js';
export { SyncTemporaryWriter } from './sync-temporary-writer.js';
export { FsBlobStore, translateWriteError as blobWriteError } from './fs-blob-store.js';
// The S3 adapter is not exported here, so that importing this module does not load the AWS SDK:
// openBlobStore loads it when the configuration names a bucket (tests import its files directly).
export type { S3BlobStoreOptions } from './s3-blob-store.js';
export { openBlobStore, type OpenBlobStore } from './open-blob-store.js';
export { migrateBlobs, BlobMigrationError, type MigrationProgress, type MigrationReport } from './migrate-blobs.js';
