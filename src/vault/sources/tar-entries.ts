import { createReadStream, type Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar, { type Header } from 'tar-stream';
import { ArchiveRefusedError, entryCountRefusal } from './archive-limits.js';
import { ArchiveMeter } from './archive-meter.js';
import { checkEntryPath, entryLocation } from './entry-path.js';
import { entryPieces } from './entry-pieces.js';
import { entryEvent, problemEvent } from './events.js';
import { archiveChangedError } from './source-change.js';
import { specialEntryReason } from './special-entry.js';
import { TarEntryAbandonedError, TarEntryHandle } from './tar-entry-handle.js';
import type { ArchiveLimits, SourceEntry, SourceEvent } from './types.js';

type TarFormat = 'tar' | 'tar.gz';
type TarSource = tar.ExtractEvents['entry'][1];

/**
 * The entries of one tar or tar.gz, streamed straight from the file. A tar has
 * no index, so its limits are checked as headers and bytes go by: the meter
 * bounds every byte the stream produces (headers included, and whether or not
 * the consumer reads the entry), which also bounds the sum of entry sizes. Nested
 * archives are yielded as plain entries and never expanded: recursion would
 * multiply the bomb limits and the vault keeps the inner archive's bytes anyway.
 */
export async function* tarEvents(archivePath: string, found: Stats, format: TarFormat, limits: ArchiveLimits): AsyncGenerator<SourceEvent> {
  const file = createReadStream(archivePath);
  const gunzip = format === 'tar.gz' ? createGunzip() : null;
  const meter = new ArchiveMeter(limits, gunzip === null ? null : () => file.bytesRead);
  const extract = tar.extract();
  const stages: Readable[] = gunzip === null ? [file, meter] : [file, gunzip, meter];
  for (const stage of stages) stage.on('error', (error: Error) => extract.destroy(error));
  // tar-stream's streamx Writable implements what Node's pipe() needs.
  (gunzip === null ? file : file.pipe(gunzip)).pipe(meter).pipe(extract as unknown as NodeJS.WritableStream);

  const entries = extract[Symbol.asyncIterator]();
  let current: { handle: TarEntryHandle; location: string; yielded: boolean } | null = null;
  let count = 0;
  /** Entries yielded whose bytes all came out of the archive before it broke. */
  let whole = 0;
  try {
    for (;;) {
      current?.handle.release();
      let next: IteratorResult<TarSource>;
      try {
        next = await entries.next();
      } catch (error) {
        const inFlight = current !== null && !current.handle.complete ? current.location : archivePath;
        if (current?.yielded && current.handle.complete) whole++;
        yield failure(archivePath, inFlight, format, error, whole);
        return;
      }
      if (current?.yielded) whole++;
      if (next.done) return;
      const header = next.value.header;
      const handle = new TarEntryHandle(next.value);
      current = { handle, location: archivePath, yielded: false };

      count += 1;
      const tooMany = entryCountRefusal(count, limits);
      if (tooMany !== null) {
        yield problemEvent(archivePath, 'refused', tooMany);
        return;
      }
      const event = describeEntry(archivePath, found, format, header, handle);
      if (event?.type === 'entry') {
        current.location = event.entry.location;
        current.yielded = true;
      }
      if (event !== null) yield event;
    }
  } finally {
    for (const stage of stages) stage.destroy();
    extract.destroy();
  }
}

function describeEntry(archivePath: string, found: Stats, format: TarFormat, header: Header, handle: TarEntryHandle): SourceEvent | null {
  const rawLocation = entryLocation(archivePath, header.name);
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      break;
    case 'directory':
      return null;
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
  if (verdict.kind === 'empty') return null;
  if (verdict.kind === 'refused') return problemEvent(rawLocation, 'refused', verdict.reason);

  const location = entryLocation(archivePath, verdict.path);
  const entry: SourceEntry = {
    location,
    filePath: archivePath,
    entryPath: verdict.path,
    archiveFormat: format,
    size: header.size,
    timestamps: header.mtime && !Number.isNaN(header.mtime.getTime()) ? { mtime: header.mtime.toISOString() } : {},
    sequential: true,
    async open() {
      return entryPieces(handle.open(), format, {
        atEnd: () => archiveChangedError(archivePath, found),
        translate: (error) => (error instanceof TarEntryAbandonedError ? error : null),
      });
    },
  };
  return entryEvent(entry);
}

function failure(archivePath: string, inFlight: string, format: TarFormat, error: unknown, whole: number): SourceEvent {
  if (error instanceof ArchiveRefusedError) return problemEvent(inFlight, 'refused', error.message);
  const message = error instanceof Error ? error.message : String(error);
  const entries = `${whole} ${whole === 1 ? 'entry' : 'entries'}`;
  // gzip's checksum covers the whole stream and is only checked at its end: the damage may be anywhere before.
  let after: string;
  if (!isChecksumError(error)) after = `${entries} before the damage ${whole === 1 ? 'was' : 'were'} taken in; the rest of the archive cannot be read`;
  else if (whole === 0) after = 'its checksum does not match; no entry was taken in';
  else after = `its checksum does not match: the ${entries} taken in may hold damaged bytes; compare them with the archive, which is kept as received`;
  return problemEvent(archivePath, 'broken-archive', `broken ${format} archive: ${message} (${after})`);
}

function isChecksumError(error: unknown): boolean {
  const err = error as NodeJS.ErrnoException;
  return err?.code === 'Z_DATA_ERROR' && /incorrect (data|length) check/.test(err.message);
}
