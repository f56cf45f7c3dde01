import { migrateBlobs, type BlobStore, type MigrationProgress, type MigrationReport } from '../../blobs/index.js';
import type { CustodyService } from '../../custody/index.js';
import type { ItemRepository } from '../item-repository.js';

export interface BlobMoveOptions {
  signal?: AbortSignal;
  onProgress?: (progress: MigrationProgress & { bytesTotal: number }) => void;
}

/**
 * Copies every item's blob to another store (`vigil blobs migrate`), each copy read back and checked, and
 * records the move in the custody log: where the evidence's ciphertext went, and how many blobs arrived
 * whole, is part of its chain of custody. Nothing is decrypted.
 */
export class BlobMoveService {
  constructor(
    private readonly items: ItemRepository,
    private readonly blobs: BlobStore,
    private readonly custody: CustodyService,
  ) {}

  /** `to` names the destination as people read it (`s3://bucket/prefix`, a folder), for the log. */
  async copyTo(destination: BlobStore, to: string, options: BlobMoveOptions = {}): Promise<MigrationReport> {
    const totals = await this.items.count();
    // Logged before the first byte goes: a run killed half-way still left its destination in the log.
    await this.custody.record([{ event: 'blobs-copy-started', to, blobs: totals.items }]);
    const counted = { copied: 0, alreadyThere: 0, failed: 0, interrupted: false };
    try {
      const report = await migrateBlobs(this.blobs, destination, this.blobNames(), {
        total: totals.items,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) => options.onProgress?.({ ...progress, bytesTotal: totals.bytes }),
      });
      Object.assign(counted, { copied: report.copied, alreadyThere: report.alreadyThere, failed: report.failures.length, interrupted: report.interrupted });
      await this.custody.record([{ event: 'blobs-copied', to, ...counted }]);
      return report;
    } catch (error) {
      await this.custody
        .record([{ event: 'blobs-copied', to, ...counted, interrupted: true, error: (error as Error).message.slice(0, 500) }])
        .catch(() => undefined);
      throw error;
    }
  }

  private async *blobNames(): AsyncGenerator<string> {
    for await (const item of this.items.eachItem()) yield item.blob_name;
  }
}
