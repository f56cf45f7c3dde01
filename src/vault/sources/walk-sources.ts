import { diskEntry } from './disk-entry.js';
import { entryEvent, problemEvent } from './events.js';
import { expandArchive } from './expand-archive.js';
import { escapePath } from './location-text.js';
import { readHead } from './source-file.js';
import type { SourceEvent, WalkOptions } from './types.js';
import { walkDisk } from './walk-disk.js';

export { ArchiveRefusedError, DEFAULT_ARCHIVE_LIMITS } from './archive-limits.js';
export { BrokenArchiveError, SourceChangedError, SourceUnreadableError } from './source-errors.js';
export { surveySources } from './survey-sources.js';
export type { ArchiveFormat, ArchiveLimits, SourceEntry, SourceEvent, SourceProblem, SourceProblemKind, SourceTimestamps, WalkOptions } from './types.js';

/**
 * Everything a leak consists of, as a stream of events: each regular file as an
 * entry (archives too: evidence is kept exactly as received), then, when asked,
 * the entries inside each archive, streamed from it and never written to disk.
 * Nothing stops the walk: what cannot be taken in is reported as a problem.
 */
export async function* walkSources(paths: string[], options: WalkOptions): AsyncGenerator<SourceEvent> {
  for await (const item of walkDisk(paths)) {
    if (item.type === 'problem') {
      yield { type: 'problem', problem: item.problem };
      continue;
    }
    let head: Buffer;
    try {
      head = readHead(item.path, item.stats);
    } catch (error) {
      const err = error as Error;
      yield problemEvent(escapePath(item.path), err.name === 'SourceChangedError' ? 'changed' : 'unreadable', err.message);
      continue;
    }
    yield entryEvent(diskEntry(item.path, item.stats));
    if (options.expandArchives) yield* expandArchive(item.path, item.stats, head, options.limits);
  }
}
