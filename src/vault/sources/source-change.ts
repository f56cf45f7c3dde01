import { lstatSync, type Stats } from 'node:fs';
import { formatBytes } from './format-bytes.js';
import { SourceChangedError } from './source-errors.js';

const AGAIN = 'not stored, ingest it again once it no longer changes';

/**
 * How a file differs from what the walk found, or null. A file replaced (another inode), cut, grown, or
 * rewritten (mtime moved) while it was read counts; `bytesRead`, when given, must equal the size found.
 */
export function describeChange(found: Stats, now: Stats, bytesRead: number | null): string | null {
  if (now.ino !== found.ino || now.dev !== found.dev) return 'replaced by another file';
  if (now.size !== found.size || (bytesRead !== null && bytesRead !== found.size)) {
    const read = bytesRead === null ? '' : ` (${formatBytes(bytesRead)} read)`;
    return `${formatBytes(found.size)} when found, ${formatBytes(now.size)} after reading${read}`;
  }
  if (now.mtimeMs !== found.mtimeMs) return `modified at ${isoTime(now.mtimeMs)} (${isoTime(found.mtimeMs)} when found)`;
  return null;
}

/** For a file read through an open handle: `now` is that handle's fstat. */
export function fileChangedError(found: Stats, now: Stats, bytesRead: number): SourceChangedError | null {
  const change = describeChange(found, now, bytesRead);
  return change === null ? null : new SourceChangedError(`changed while it was read: ${change}; ${AGAIN}`);
}

/** For an entry read out of the archive at `archivePath`, once the entry's last byte is in. */
export function archiveChangedError(archivePath: string, found: Stats): SourceChangedError | null {
  let change: string | null;
  try {
    change = describeChange(found, lstatSync(archivePath), null);
  } catch {
    change = 'removed or moved away';
  }
  return change === null ? null : new SourceChangedError(`the archive changed while it was read: ${change}; ${AGAIN}`);
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
