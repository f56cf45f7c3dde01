import type { Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import tar, { type Header } from 'tar-stream';
import { ArchiveRefusedError, entryCountRefusal } from './archive-limits.js';
import { ArchiveMeter } from './archive-meter.js';
import type { ArchiveFile } from './source-file.js';
import { EntryLocations } from './entry-locations.js';
import { checkEntryPath, rawEntryLocation } from './entry-path.js';
import { entryPieces } from './entry-pieces.js';
import { entryEvent, problemEvent } from './events.js';
import { GunzipMembers, type GzipFailure } from './gunzip-members.js';
import { RangeStream } from './range-stream.js';
import { escapePath } from './location-text.js';
import { archiveChangedError } from './source-change.js';
import { BrokenArchiveError, type SourceChangedError } from './source-errors.js';
import { folderWithData, specialEntryReason } from './special-entry.js';
import { TarEntryAbandonedError, TarEntryHandle } from './tar-entry-handle.js';
import { isTar, USTAR_END } from './sniff-archive.js';
import type { ArchiveLimits, SourceEntry, SourceEvent } from './types.js';

type TarFormat = 'tar' | 'tar.gz';
type TarSource = tar.ExtractEvents['entry'][1];

/**
 * The entries of one tar, or of a gzip file if it holds a tar, streamed from the archive's descriptor and
 * never past the size the walk found. A tar has no index, so its limits are checked as headers and bytes
 * go by: the meter bounds every byte the stream produces (headers included, and whether or not the consumer
 * reads the entry), which also bounds the sum of entry sizes. Nested archives are yielded as plain entries
 * and never expanded: recursion would multiply the bomb limits and the vault keeps the inner archive's bytes
 * anyway.
 */
export async function* tarEvents(archive: ArchiveFile, found: Stats, compressed: boolean, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  const archivePath = archive.path;
  const archiveLocation = escapePath(archivePath);
  const format: TarFormat = compressed ? 'tar.gz' : 'tar';
  const file = new RangeStream(archive.fd, 0, found.size);
  const fileClosed = new Promise<void>((resolve) => file.once('close', () => resolve()));
  const gunzip = compressed ? new GunzipMembers(() => file.destroy()) : null;
  const stages: Readable[] = gunzip === null ? [file] : [file, gunzip];
  const extract = tar.extract();
  try {
    for (const stage of stages) stage.on('error', (error: Error) => extract.destroy(error));
    if (gunzip !== null) {
      file.pipe(gunzip);
      const start = await readStart(gunzip, USTAR_END);
      // A gzip of anything but a tar is just a file.
      if (!isTar(start)) {
        if (gunzip.failure !== null && start.length < USTAR_END)
          yield problemEvent(archiveLocation, 'broken-archive', `corrupt gzip: ${gunzip.failure.message}`);
        return;
      }
    }
    const meter = new ArchiveMeter(limits, gunzip === null ? null : () => file.bytesRead);
    meter.on('error', (error: Error) => extract.destroy(error));
    stages.push(meter);
    // tar-stream's streamx Writable implements what Node's pipe() needs.
    (gunzip ?? file).pipe(meter).pipe(extract as unknown as NodeJS.WritableStream);
    yield* entriesOf(extract, archive, found, format, limits, () => gunzip?.failure ?? null);
  } finally {
    for (const stage of stages) stage.destroy();
    extract.destroy();
    // A read still in flight would otherwise land on a descriptor that may be closed and reused by then.
    if (!file.closed) await fileClosed;
  }
}

async function* entriesOf(
  extract: tar.Extract,
  archive: ArchiveFile,
  found: Stats,
  format: TarFormat,
  limits: ArchiveLimits,
  gzipFailure: () => GzipFailure | null,
): AsyncGenerator<SourceEvent> {
  const archiveLocation = escapePath(archive.path);
  const locations = new EntryLocations(archive.path);
  const entries = extract[Symbol.asyncIterator]();
  let current: { handle: TarEntryHandle; location: string; yielded: boolean } | null = null;
  let count = 0;
  /** Entries yielded whose bytes all came out of the archive before it broke. */
  let whole = 0;
  /** Set by an entry that found, once read, that the archive is no longer the file the walk found. */
  let changed: SourceChangedError | null = null;
  const onChanged = (error: SourceChangedError) => {
    changed ??= error;
  };
  for (;;) {
    current?.handle.release();
    if (changed !== null) {
      yield problemEvent(archiveLocation, 'changed', `${(changed as SourceChangedError).message}; the rest of its entries were not taken in`);
      return;
    }
    let next: IteratorResult<TarSource>;
    try {
      next = await entries.next();
    } catch (error) {
      const inFlight = current !== null && !current.handle.complete ? current.location : archiveLocation;
      if (current?.yielded && current.handle.complete) whole++;
      yield failure(archiveLocation, inFlight, format, gzipFailure() ?? error, whole, false);
      return;
    }
    if (current?.yielded) whole++;
    if (next.done) {
      // The tar inside ended whole, but what followed it in the gzip file did not read.
      const failed = gzipFailure();
      if (failed !== null) yield failure(archiveLocation, archiveLocation, format, failed, whole, true);
      return;
    }
    const header = next.value.header;
    const handle = new TarEntryHandle(next.value);
    current = { handle, location: archiveLocation, yielded: false };

    count += 1;
    const tooMany = entryCountRefusal(count, limits);
    if (tooMany !== null) {
      yield problemEvent(archiveLocation, 'refused', tooMany);
      return;
    }
    const event = describeEntry(archive, found, format, header, handle, count, locations, gzipFailure, onChanged);
    if (event?.type === 'entry') {
      current.location = event.entry.location;
      current.yielded = true;
    }
    if (event !== null) yield event;
  }
}

function describeEntry(
  archive: ArchiveFile,
  found: Stats,
  format: TarFormat,
  header: Header,
  handle: TarEntryHandle,
  position: number,
  locations: EntryLocations,
  gzipFailure: () => GzipFailure | null,
  onChanged: (error: SourceChangedError) => void,
): SourceEvent | null {
  const rawLocation = rawEntryLocation(archive.path, header.name);
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      break;
    case 'directory':
      return header.size > 0 ? folderWithData(rawLocation, header.size) : null;
    case 'symlink':
      return problemEvent(rawLocation, 'refused', specialEntryReason('symlink', header.linkname));
    case 'link':
      return problemEvent(rawLocation, 'refused', specialEntryReason('hardlink', header.linkname));
    case 'character-device':
    case 'block-device':
      return problemEvent(rawLocation, 'refused', specialEntryReason('device'));
    case 'fifo':
      return problemEvent(rawLocation, 'refused', specialEntryReason('fifo'));
    default:
      return problemEvent(rawLocation, 'skipped', `unsupported tar entry type ${String(header.type)}`);
  }
  const verdict = checkEntryPath(header.name);
  if (verdict.kind === 'empty') return header.size > 0 ? folderWithData(rawLocation, header.size) : null;
  if (verdict.kind === 'refused') return problemEvent(rawLocation, 'refused', verdict.reason);

  const location = locations.of(verdict.path, position);
  const entry: SourceEntry = {
    location,
    filePath: escapePath(archive.path),
    entryPath: verdict.path,
    archiveFormat: format,
    size: header.size,
    timestamps: header.mtime && !Number.isNaN(header.mtime.getTime()) ? { mtime: header.mtime.toISOString() } : {},
    sequential: true,
    async open() {
      return entryPieces(handle.open(), format, {
        // The walk holds the archive open until the consumer has read this entry and asks for the next event.
        atEnd: () => {
          const changed = archiveChangedError(found, archive.stat());
          if (changed !== null) onChanged(changed);
          return changed;
        },
        translate: (error) => {
          const failed = gzipFailure();
          if (failed !== null) return new BrokenArchiveError(`broken ${format} entry: ${failed.message}`, { cause: error });
          return error instanceof TarEntryAbandonedError ? error : null;
        },
      });
    },
  };
  return entryEvent(entry);
}

function failure(archiveLocation: string, inFlight: string, format: TarFormat, error: unknown, whole: number, tarComplete: boolean): SourceEvent {
  if (error instanceof ArchiveRefusedError) return problemEvent(inFlight, 'refused', error.message);
  const message = error instanceof Error ? error.message : String(error);
  const entries = `${whole} ${whole === 1 ? 'entry' : 'entries'}`;
  const kind = (error as Partial<GzipFailure>)?.kind;
  let after: string;
  if (kind === 'checksum') {
    // gzip's checksum covers the whole member and is only checked at its end: the damage may be anywhere before.
    after =
      whole === 0
        ? 'its checksum does not match; no entry was taken in'
        : `its checksum does not match: the ${entries} taken in may hold damaged bytes; compare them with the archive, which is kept as received`;
  } else if (tarComplete) {
    after = `every entry before it was taken in (${entries}); the archive is kept as received`;
  } else {
    after = `${entries} before the damage ${whole === 1 ? 'was' : 'were'} taken in; the rest of the archive cannot be read`;
  }
  return problemEvent(archiveLocation, 'broken-archive', `broken ${format} archive: ${message} (${after})`);
}

/** The first `wanted` bytes of `stream` (fewer if it ends first), put back to be read again. */
async function readStart(stream: Readable, wanted: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < wanted) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      length += chunk.length;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('close', done);
    });
  }
  const start = Buffer.concat(chunks);
  if (start.length > 0 && !stream.destroyed) stream.unshift(start);
  return start;
}
