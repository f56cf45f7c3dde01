import type { Stats } from 'node:fs';
import { formatBytes } from './format-bytes.js';
import { SourceChangedError } from './source-errors.js';

const AGAIN = 'not stored, ingest it again once it no longer changes';

/**
 * How a file differs from what the walk found, or null. A file replaced (another inode, or no longer a
 * regular file), cut, grown, or rewritten (mtime moved) counts; `bytesRead`, when given, must equal the
 * size found (one byte more means the file went on past it, and reading stopped there).
 */
/** What is kept of a walked file to tell, later and in another thread, whether it is still that file. */
export type FoundFile = Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>;

export function describeChange(found: FoundFile, now: Stats, bytesRead: number | null): string | null {
  if (!now.isFile()) return `replaced by ${fileTypeName(now)}`;
  if (now.ino !== found.ino || now.dev !== found.dev) return 'replaced by another file';
  if (bytesRead !== null && bytesRead > found.size) {
    return `${formatBytes(found.size)} when found, ${formatBytes(now.size)} after reading (it grew while it was read; reading stopped past the size found)`;
  }
  if (now.size !== found.size || (bytesRead !== null && bytesRead !== found.size)) {
    const read = bytesRead === null ? '' : ` (${formatBytes(bytesRead)} read)`;
    return `${formatBytes(found.size)} when found, ${formatBytes(now.size)} after reading${read}`;
  }
  if (now.mtimeMs !== found.mtimeMs) return `modified at ${isoTime(now.mtimeMs)} (${isoTime(found.mtimeMs)} when found)`;
  return null;
}

/** For a file read through an open descriptor: `now` is that descriptor's fstat; `bytesRead` null before reading. */
export function fileChangedError(found: FoundFile, now: Stats, bytesRead: number | null): SourceChangedError | null {
  const change = describeChange(found, now, bytesRead);
  return change === null ? null : new SourceChangedError(`changed while it was read: ${change}; ${AGAIN}`);
}

/** For an entry read out of an archive, once the entry's last byte is in: `now` is the fstat of the descriptor it was read from. */
export function archiveChangedError(found: Stats, now: Stats): SourceChangedError | null {
  const change = describeChange(found, now, null);
  return change === null ? null : new SourceChangedError(`the archive changed while it was read: ${change}; ${AGAIN}`);
}

/** "a FIFO (named pipe)", "a socket", … for a file that is not a regular one. */
export function fileTypeName(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a directory';
  return stats.isFile() ? 'a regular file' : 'something that is not a regular file';
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
