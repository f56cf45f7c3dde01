import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { sourceReadError } from './errno-reason.js';
import { archiveChangedError, fileChangedError, fileTypeName } from './source-change.js';
import { SourceChangedError } from './source-errors.js';

/**
 * How every source is opened: never through a symbolic link (ELOOP), and without waiting: a FIFO or device
 * put where the walk found a file would otherwise block open(2) for ever (and a synchronous open, the whole
 * process with it, so that not even Ctrl-C is handled). Never as a controlling terminal either. What was
 * opened is then checked with fstat on the descriptor itself, before a byte is read.
 */
const SOURCE_OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Enough to see a tar header's "ustar" magic at offset 257. */
export const HEAD_BYTES = 512;

/** A source opened with the flags above; an error is that source's (SourceUnreadableError). */
export function openSourceSync(path: string): number {
  try {
    return openSync(path, SOURCE_OPEN_FLAGS);
  } catch (error) {
    throw sourceReadError(error);
  }
}

/**
 * A walked file's first bytes, read only if the file opened is the one the walk `found`. Synchronous on
 * purpose: one small read costs less than the promise and file-handle machinery around an async one, and
 * this runs once for every file of a leak (the open cannot block: see SOURCE_OPEN_FLAGS).
 */
export function readHead(path: string, found: Stats): Buffer {
  const fd = openSourceSync(path);
  try {
    const changed = fileChangedError(found, fstatSync(fd), null);
    if (changed !== null) throw changed;
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } catch (error) {
    throw sourceReadError(error);
  } finally {
    closeSync(fd);
  }
}

/** A walked file opened for reading, once fstat has shown it is still the file the walk `found`. */
export async function openFoundFile(path: string, found: Stats): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, SOURCE_OPEN_FLAGS);
  } catch (error) {
    throw sourceReadError(error);
  }
  // Synchronous: one fstat costs less than the promise around an asynchronous one, once a file.
  let changed: Error | null;
  try {
    changed = fileChangedError(found, fstatSync(handle.fd), null);
  } catch (error) {
    changed = sourceReadError(error);
  }
  if (changed !== null) {
    await handle.close().catch(() => undefined);
    throw changed;
  }
  return handle;
}

/**
 * An archive's descriptor, shared by the walk that expands it and by the entries read from it, and closed
 * when the last of them lets go. Everything about the archive (its index, its limits, its entries' bytes)
 * is read through this one descriptor, so all of it comes from one file; an entry checks at its end,
 * with fstat on this descriptor, that the file is still the one the walk found.
 */
export class ArchiveFile {
  private refs = 1;

  private constructor(
    readonly path: string,
    readonly fd: number,
    /** The file as opened (fstat of `fd`): not necessarily what the walk found, which each entry checks. */
    readonly opened: Stats,
  ) {}

  /** Fails with SourceChangedError if the path no longer names a regular file, SourceUnreadableError if it cannot be opened. */
  static open(path: string): ArchiveFile {
    const fd = openSourceSync(path);
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) {
        throw new SourceChangedError(
          `the archive changed before it was expanded: replaced by ${fileTypeName(opened)}; its entries were not taken in, ingest it again once it no longer changes`,
        );
      }
      return new ArchiveFile(path, fd, opened);
    } catch (error) {
      closeSync(fd);
      throw sourceReadError(error);
    }
  }

  /**
   * The archive for one more reader: this descriptor while it is open, else the path opened again, but
   * only if it still names the very file that was opened first (same inode, size and mtime).
   */
  share(): ArchiveFile {
    if (this.refs > 0) {
      this.refs++;
      return this;
    }
    const again = ArchiveFile.open(this.path);
    const changed = archiveChangedError(this.opened, again.opened);
    if (changed !== null) {
      again.release();
      throw changed;
    }
    return again;
  }

  /** The file as it is now, for an entry's end check. */
  stat(): Stats {
    if (this.refs <= 0) throw new Error(`${this.path} was already closed`);
    return fstatSync(this.fd);
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) closeSync(this.fd);
  }
}
