import type { Stats } from 'node:fs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { archiveRatioRefusal, ArchiveRefusedError, entryCountRefusal, ratioRefusal, totalRefusal } from './archive-limits.js';
import { checkEntryPath, entryLocation } from './entry-path.js';
import { entryEvent, problemEvent } from './events.js';
import { specialEntryReason, type SpecialEntryType } from './special-entry.js';
import type { ArchiveLimits, SourceEntry, SourceEvent } from './types.js';
import { openZipEntryStream, ZIP_OPTIONS } from './zip-entry-stream.js';
import { firstOverlap } from './zip-overlap.js';

/**
 * The entries of one zip archive. Nested archives are yielded as plain entries
 * and never expanded: recursion would multiply the bomb limits and the vault
 * keeps the inner archive's bytes either way.
 */
export async function* zipEvents(archivePath: string, found: Stats, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  let refusal: string | null;
  try {
    refusal = await declaredRefusal(archivePath, limits);
  } catch (error) {
    yield broken(archivePath, error);
    return;
  }
  if (refusal !== null) {
    yield problemEvent(archivePath, 'refused', refusal);
    return;
  }
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(archivePath, ZIP_OPTIONS);
  } catch (error) {
    yield broken(archivePath, error);
    return;
  }

  // Set by an entry's stream, possibly while the consumer reads it in parallel;
  // reported (and the expansion stopped) the next time the walk is resumed.
  const state: { refused: { location: string; error: ArchiveRefusedError } | null } = { refused: null };
  const onRefused = (location: string, error: ArchiveRefusedError) => {
    state.refused ??= { location, error };
  };
  const entries = zip.eachEntry();
  try {
    for (;;) {
      if (state.refused !== null) {
        yield problemEvent(state.refused.location, 'refused', state.refused.error.message);
        return;
      }
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        yield broken(archivePath, error);
        return;
      }
      if (next.done) return;
      const event = describeEntry(zip, archivePath, found, next.value, limits, onRefused);
      if (event !== null) yield event;
    }
  } finally {
    await entries.return?.();
    zip.close();
  }
}

/**
 * A first pass over the central directory, so that an archive that declares too much is refused before any
 * of its entries are yielded: too many entries, too many bytes in all, entries that share compressed bytes,
 * or more bytes in all than the ratio limit allows from the archive's size. yauzl makes every entry's stream
 * fail once it inflates past its declared size, so what is declared bounds what can come out.
 */
async function declaredRefusal(archivePath: string, limits: ArchiveLimits): Promise<string | null> {
  const zip = await yauzl.openPromise(archivePath, ZIP_OPTIONS);
  try {
    const tooMany = entryCountRefusal(zip.entryCount, limits);
    if (tooMany !== null) return tooMany;
    let total = 0;
    const starts: number[] = [];
    const compressedSizes: number[] = [];
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      const tooBig = totalRefusal(total, zip.fileSize, limits);
      if (tooBig !== null) return tooBig;
      starts.push(entry.relativeOffsetOfLocalHeader);
      compressedSizes.push(entry.compressedSize);
    }
    const overlap = firstOverlap(starts, compressedSizes);
    if (overlap !== null) {
      const [first, second] = await entryNames(archivePath, overlap);
      return `entries overlap: ${JSON.stringify(second)} starts inside ${JSON.stringify(first)} (a zip bomb?)`;
    }
    return archiveRatioRefusal(total, zip.fileSize, limits, 'zip bomb');
  } finally {
    zip.close();
  }
}

/** The raw names of the entries at these central-directory positions, for a message. */
async function entryNames(archivePath: string, positions: readonly number[]): Promise<string[]> {
  const names = new Map<number, string>();
  const zip = await yauzl.openPromise(archivePath, ZIP_OPTIONS);
  try {
    let position = 0;
    for await (const entry of zip.eachEntry()) {
      if (positions.includes(position)) names.set(position, rawNameOf(entry));
      if (names.size === positions.length) break;
      position++;
    }
  } finally {
    zip.close();
  }
  return positions.map((p) => names.get(p) ?? `entry ${p + 1}`);
}

function rawNameOf(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

function describeEntry(
  zip: ZipFile,
  archivePath: string,
  found: Stats,
  entry: Entry,
  limits: ArchiveLimits,
  onRefused: (location: string, error: ArchiveRefusedError) => void,
): SourceEvent | null {
  const rawName = rawNameOf(entry);
  const rawLocation = entryLocation(archivePath, rawName);
  const type = unixFileType(entry);
  if (type === 'directory' || rawName.endsWith('/')) return null;
  if (type !== 'file') return problemEvent(rawLocation, 'refused', specialEntryReason(type));
  const verdict = checkEntryPath(rawName);
  if (verdict.kind === 'empty') return null;
  if (verdict.kind === 'refused') return problemEvent(rawLocation, 'refused', verdict.reason);

  const location = entryLocation(archivePath, verdict.path);
  if (entry.isEncrypted()) return problemEvent(location, 'skipped', 'encrypted entry (kept only inside the archive)');
  if (!entry.canDecodeFileData()) {
    return problemEvent(location, 'skipped', `unsupported compression method ${entry.compressionMethod} (kept only inside the archive)`);
  }
  const bomb = ratioRefusal(entry.uncompressedSize, entry.compressedSize, limits, 'zip bomb');
  if (bomb !== null) return problemEvent(location, 'refused', bomb);

  let opened = false;
  const sourceEntry: SourceEntry = {
    location,
    filePath: archivePath,
    entryPath: verdict.path,
    archiveFormat: 'zip',
    size: entry.uncompressedSize,
    timestamps: zipTimestamps(entry),
    sequential: false,
    async open() {
      if (opened) throw new Error(`${location} was already opened`);
      opened = true;
      return openZipEntryStream(zip, archivePath, found, entry, (error) => onRefused(location, error));
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

function broken(archivePath: string, error: unknown): SourceEvent {
  const message = error instanceof Error ? error.message : String(error);
  return problemEvent(archivePath, 'broken-archive', `broken zip archive: ${message}`);
}
