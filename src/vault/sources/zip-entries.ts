import type { Stats } from 'node:fs';
import yauzl, { type Entry } from 'yauzl';
import { ratioRefusal, type ArchiveRefusedError } from './archive-limits.js';
import { EntryLocations } from './entry-locations.js';
import { checkEntryPath, rawEntryLocation } from './entry-path.js';
import { sourceReadError } from './errno-reason.js';
import { entryEvent, problemEvent } from './events.js';
import { escapePath, quoted } from './location-text.js';
import type { ArchiveFile } from './source-file.js';
import type { SourceChangedError } from './source-errors.js';
import { folderWithData, specialEntryReason, type SpecialEntryType } from './special-entry.js';
import type { ArchiveLimits, SourceEntry, SourceEvent, SourceProblem } from './types.js';
import { openZipEntryStream } from './zip-entry-stream.js';
import { LocalHeader, localName, matchesPlan, planZip, rawNameOf, ZIP_OPTIONS, type ZipPlan } from './zip-plan.js';

/**
 * The entries of one zip archive, all read through the archive's one descriptor. Nested archives are
 * yielded as plain entries and never expanded: recursion would multiply the bomb limits and the vault keeps
 * the inner archive's bytes either way.
 */
export async function* zipEvents(archive: ArchiveFile, found: Stats, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  const archiveLocation = escapePath(archive.path);
  let plan: ZipPlan;
  let zip: yauzl.ZipFile;
  try {
    const declaration = await planZip(archive, limits);
    if ('refusal' in declaration) {
      yield problemEvent(archiveLocation, 'refused', declaration.refusal);
      return;
    }
    plan = declaration.plan;
    zip = await yauzl.fromFdPromise(archive.fd, ZIP_OPTIONS);
  } catch (error) {
    yield broken(archiveLocation, error);
    return;
  }
  if (zip.entryCount !== plan.count) {
    yield changedIndex(archiveLocation);
    return;
  }

  // Set by an entry's stream, possibly while the consumer reads it in parallel; reported (and the
  // expansion stopped) the next time the walk is resumed.
  let stop: SourceProblem | null = null;
  const watch = (location: string) => ({
    onRefused: (error: ArchiveRefusedError) => {
      stop ??= { location, kind: 'refused', reason: error.message };
    },
    onChanged: (error: SourceChangedError) => {
      stop ??= { location: archiveLocation, kind: 'changed', reason: `${error.message}; the rest of its entries were not taken in` };
    },
  });
  const locations = new EntryLocations(archive.path);
  // yauzl reads the directory through the descriptor the walk holds: the iteration is never abandoned
  // while a read of it is in flight (a generator is only ever closed at a yield).
  const entries = zip.eachEntry();
  for (let i = 0; ; i++) {
    if (stop !== null) {
      yield { type: 'problem', problem: stop };
      return;
    }
    let next: IteratorResult<Entry>;
    try {
      next = await entries.next();
    } catch (error) {
      yield broken(archiveLocation, error);
      return;
    }
    if (next.done) return;
    if (!matchesPlan(plan, i, next.value)) {
      yield changedIndex(archiveLocation);
      return;
    }
    const event = await describeEntry(archive, found, next.value, plan, i, limits, locations, watch);
    if (event !== null) yield event;
  }
}

async function describeEntry(
  archive: ArchiveFile,
  found: Stats,
  entry: Entry,
  plan: ZipPlan,
  i: number,
  limits: ArchiveLimits,
  locations: EntryLocations,
  watch: (location: string) => Parameters<typeof openZipEntryStream>[3],
): Promise<SourceEvent | null> {
  const rawName = rawNameOf(entry);
  const rawLocation = rawEntryLocation(archive.path, rawName);
  const type = unixFileType(entry);
  if (type === 'directory' || rawName.endsWith('/')) return entry.uncompressedSize > 0 ? folderWithData(rawLocation, entry.uncompressedSize) : null;
  if (type !== 'file') return problemEvent(rawLocation, 'refused', specialEntryReason(type));
  const verdict = checkEntryPath(rawName);
  if (verdict.kind === 'empty') return entry.uncompressedSize > 0 ? folderWithData(rawLocation, entry.uncompressedSize) : null;
  if (verdict.kind === 'refused') return problemEvent(rawLocation, 'refused', verdict.reason);

  const location = locations.of(verdict.path, i + 1);
  switch (plan.local[i]) {
    case LocalHeader.missing:
      return problemEvent(location, 'broken-archive', 'broken zip entry: its local header is missing or damaged (kept only inside the archive)');
    case LocalHeader.outside:
      return problemEvent(location, 'broken-archive', 'broken zip entry: its data runs past the end of the archive (kept only inside the archive)');
    case LocalHeader.otherName: {
      const other = await localName(archive, plan.offsets[i]!).catch(() => '');
      return problemEvent(
        location,
        'refused',
        `its local header names another path, ${quoted(other)}: an extractor that reads local headers (as streaming ones do) would write that instead (kept only inside the archive)`,
      );
    }
  }
  if (entry.isEncrypted()) return problemEvent(location, 'skipped', 'encrypted entry (kept only inside the archive)');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return problemEvent(location, 'skipped', `unsupported compression method ${entry.compressionMethod} (kept only inside the archive)`);
  }
  const bomb = ratioRefusal(entry.uncompressedSize, entry.compressedSize, limits, 'zip bomb');
  if (bomb !== null) return problemEvent(location, 'refused', bomb);

  const data = {
    dataStart: plan.dataStarts[i]!,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    crc32: entry.crc32,
    method: entry.compressionMethod,
  };
  let opened = false;
  const sourceEntry: SourceEntry = {
    location,
    filePath: escapePath(archive.path),
    entryPath: verdict.path,
    archiveFormat: 'zip',
    size: entry.uncompressedSize,
    timestamps: zipTimestamps(entry),
    sequential: false,
    async open() {
      if (opened) throw new Error(`${location} was already opened`);
      opened = true;
      return openZipEntryStream(archive, found, data, watch(location));
    },
  };
  return entryEvent(sourceEntry);
}

const S_IFMT = 0o170000;
const UNIX_TYPES = new Map<number, SpecialEntryType | 'directory'>([
  [0o120000, 'symlink'],
  [0o040000, 'directory'],
  [0o020000, 'device'],
  [0o060000, 'device'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
]);
const UNIX_HOSTS = new Set([3 /* Unix */, 19 /* OS X */]);

/** Only Unix-made zips keep a file mode (in the high half of the external attributes). */
function unixFileType(entry: Entry): SpecialEntryType | 'directory' | 'file' {
  if (!UNIX_HOSTS.has(entry.versionMadeBy >> 8)) return 'file';
  return UNIX_TYPES.get((entry.externalFileAttributes >>> 16) & S_IFMT) ?? 'file';
}

function zipTimestamps(entry: Entry): SourceEntry['timestamps'] {
  const mtime = entry.getLastModDate();
  return Number.isNaN(mtime.getTime()) ? {} : { mtime: mtime.toISOString() };
}

function changedIndex(archiveLocation: string): SourceEvent {
  return problemEvent(
    archiveLocation,
    'changed',
    'the archive changed while it was read: its central directory no longer reads as it did when its limits were checked; the rest of its entries were not taken in, ingest it again once it no longer changes',
  );
}

function broken(archiveLocation: string, error: unknown): SourceEvent {
  const err = sourceReadError(error);
  if (err?.name === 'SourceUnreadableError') return problemEvent(archiveLocation, 'unreadable', err.message);
  const message = error instanceof Error ? error.message : String(error);
  return problemEvent(archiveLocation, 'broken-archive', `broken zip archive: ${message}`);
}
