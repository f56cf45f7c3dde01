import type { FileHandle } from 'node:fs/promises';

const BATCH = 1024 * 1024;
/** Dirty bytes after which a flush to the disk starts in the background, so the last one is short. */
const SYNC_EVERY = 4 * 1024 * 1024;

/**
 * Writes a stream of pieces to a file from a position, in order, while the next pieces arrive.
 *
 * Socket pieces are small (64 KiB); they are gathered into 1 MiB writes, and one write is in flight while
 * the next batch fills, so receiving never waits for the disk. Data is flushed to the disk in the background
 * as it goes; `finish` resolves only once every byte is durable. One write at a time keeps the file's size
 * equal to the bytes written in order, which is the upload's offset.
 */
export class OrderedWriter {
  private filling = Buffer.allocUnsafe(BATCH);
  private spare = Buffer.allocUnsafe(BATCH);
  private filled = 0;
  private position: number;
  private writing: Promise<void> = Promise.resolve();
  private syncing: Promise<void> = Promise.resolve();
  private syncBusy = false;
  private unsynced = 0;
  private failure: unknown = null;

  constructor(
    private readonly handle: FileHandle,
    start: number,
  ) {
    this.position = start;
  }

  async push(piece: Buffer): Promise<void> {
    this.throwIfFailed();
    if (this.filled + piece.length > BATCH) await this.startBatch();
    if (piece.length > BATCH) {
      await this.writing;
      this.throwIfFailed();
      await this.writeAll(piece);
      return;
    }
    piece.copy(this.filling, this.filled);
    this.filled += piece.length;
  }

  /** Writes what is left and returns once every byte is on the disk. */
  async finish(): Promise<void> {
    await this.startBatch();
    await this.writing;
    await this.syncing;
    this.throwIfFailed();
    await this.handle.datasync();
  }

  /** Waits for anything in flight, keeping what it wrote, and ignores its errors: for the error paths. */
  async settle(): Promise<void> {
    await this.writing;
    await this.syncing;
  }

  private async startBatch(): Promise<void> {
    if (this.filled === 0) return;
    await this.writing;
    this.throwIfFailed();
    const batch = this.filling;
    const length = this.filled;
    this.filling = this.spare;
    this.spare = batch;
    this.filled = 0;
    this.writing = this.writeAll(batch.subarray(0, length)).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private async writeAll(data: Buffer): Promise<void> {
    let written = 0;
    while (written < data.length) written += (await this.handle.write(data, written, data.length - written, this.position + written)).bytesWritten;
    this.position += data.length;
    this.unsynced += data.length;
    if (this.unsynced >= SYNC_EVERY && !this.syncBusy) this.syncInBackground();
  }

  private syncInBackground(): void {
    this.unsynced = 0;
    this.syncBusy = true;
    this.syncing = this.handle
      .datasync()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.syncBusy = false;
      });
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
