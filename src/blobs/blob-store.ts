import type { Readable } from 'node:stream';

/**
 * Where encrypted blobs live. Blobs are already age-encrypted when they arrive here,
 * so a store never sees plaintext; it only has to be durable.
 */
export interface BlobStore {
  /** Opens a temporary blob to write into; it gets its name only at commit. */
  create(): Promise<BlobWriter>;
  /**
   * Makes the written blobs durable under their names, all together (one flush for many
   * small files). A blob whose name already exists is dropped: same name, same content.
   */
  commit(blobs: ReadonlyArray<{ writer: BlobWriter; name: string }>): Promise<Array<'stored' | 'existed'>>;
  exists(name: string): Promise<boolean>;
  size(name: string): Promise<number>;
  read(name: string, range?: { start: number; end: number }): Readable;
  /** Where an operator can find the blob (a path for the filesystem store). */
  locate(name: string): string;
  /** Removes temporaries left by writers that died; returns how many. */
  removeAbandoned(): Promise<number>;
  /**
   * Where another thread of this process may write a temporary blob itself, with synchronous calls (a
   * worker sealing whole small files); null or absent for a store whose temporaries are not local files.
   */
  localTemporaries?(): Promise<LocalTemporaries | null>;
}

/** Temporaries written by another thread (see SyncTemporaryWriter), handed back to the store for commit. */
export interface LocalTemporaries {
  /** A path for one new temporary: the writing thread creates it (O_EXCL). */
  newPath(): string;
  /** A finished temporary as a writer that commit() takes; commit syncs and closes `fd`, abort() removes it. */
  adopt(path: string, fd: number, size: number): BlobWriter;
}

export interface BlobWriter {
  /**
   * Queues bytes (one buffer, or several in order); resolves once the queue is short enough to accept more.
   * The caller may overwrite `data` as soon as it resolves: a writer that keeps bytes for later copies them.
   */
  write(data: Buffer | readonly Buffer[]): Promise<void>;
  readonly bytesWritten: number;
  /** Writes out everything queued; the blob is complete but not yet durable (commit makes it so). */
  finish(): Promise<void>;
  /** Discards the temporary. */
  abort(): Promise<void>;
}

/** The vault's storage failed (not the evidence being read): the work must stop. */
export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
}

export class BlobStoreFullError extends BlobStoreError {
  override name = 'BlobStoreFullError';
}
