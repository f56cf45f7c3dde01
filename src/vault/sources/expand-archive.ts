import type { Stats } from 'node:fs';
import { problemEvent } from './events.js';
import { sniffArchive } from './sniff-archive.js';
import { tarEvents } from './tar-entries.js';
import type { ArchiveLimits, SourceEvent } from './types.js';
import { zipEvents } from './zip-entries.js';

/**
 * The entries of the archive at `path`, if its first bytes say it is one. `found` is the archive as the walk
 * found it: an entry read after the archive changed is not what the archive held.
 */
export async function* expandArchive(path: string, found: Stats, head: Buffer, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  const sniff = await sniffArchive(path, head);
  if ('broken' in sniff) {
    yield problemEvent(path, 'broken-archive', sniff.broken);
    return;
  }
  switch (sniff.format) {
    case 'zip':
      yield* zipEvents(path, found, limits);
      return;
    case 'tar':
    case 'tar.gz':
      yield* tarEvents(path, found, sniff.format, limits);
      return;
    case null:
      return;
  }
}
