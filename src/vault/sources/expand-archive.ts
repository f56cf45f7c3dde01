import type { Stats } from 'node:fs';
import { problemEvent } from './events.js';
import { escapePath } from './location-text.js';
import { sniffHead } from './sniff-archive.js';
import { ArchiveFile } from './source-file.js';
import { tarEvents } from './tar-entries.js';
import type { ArchiveLimits, SourceEvent } from './types.js';
import { zipEvents } from './zip-entries.js';

/**
 * The entries of the archive at `path`, if its first bytes say it is one. The archive is opened once, and
 * everything about it is read through that descriptor. `found` is the archive as the walk found it: an
 * entry read after the archive changed is not what the archive held.
 */
export async function* expandArchive(path: string, found: Stats, head: Buffer, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  const kind = sniffHead(head);
  if (kind === null) return;
  let archive: ArchiveFile;
  try {
    archive = ArchiveFile.open(path);
  } catch (error) {
    const err = error as Error;
    yield problemEvent(escapePath(path), err.name === 'SourceChangedError' ? 'changed' : 'unreadable', err.message);
    return;
  }
  try {
    if (kind === 'zip') yield* zipEvents(archive, found, limits);
    else yield* tarEvents(archive, found, kind === 'gzip', limits);
  } finally {
    archive.release();
  }
}
