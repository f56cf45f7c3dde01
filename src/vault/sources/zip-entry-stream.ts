import type { Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ArchiveRefusedError } from './archive-limits.js';
import { entryPieces } from './entry-pieces.js';
import { sourceReadError } from './errno-reason.js';
import { RangeStream } from './range-stream.js';
import { archiveChangedError } from './source-change.js';
import { BrokenArchiveError, type SourceChangedError } from './source-errors.js';
import type { ArchiveFile } from './source-file.js';
import type { PlaintextSource } from './types.js';

/** Where one entry's data lies and what it must come to, all from the plan its limits were checked on. */
export interface ZipEntryData {
  dataStart: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** 0 (stored) or 8 (deflated): the only ones read. */
  method: number;
}

export interface ZipEntryWatch {
  onRefused: (error: ArchiveRefusedError) => void;
  onChanged: (error: SourceChangedError) => void;
}

/**
 * Streams one entry's plaintext from the archive's descriptor (or, for an entry opened after the walk has
 * let the archive go, from the path opened again, if it is still the same file). The stream fails with
 * ArchiveRefusedError if the entry inflates past its declared size, BrokenArchiveError if its data is damaged
 * (cannot be inflated, comes short, or its CRC-32 differs), and SourceChangedError if, once the entry is
 * read, the file read from is no longer the archive the walk `found`.
 */
export function openZipEntryStream(archive: ArchiveFile, found: Stats, data: ZipEntryData, watch: ZipEntryWatch): PlaintextSource {
  const file = archive.share();
  // The descriptor is let go once its last read is over and the end check (fstat) is done.
  let holds = 2;
  const letGo = () => {
    if (--holds === 0) file.release();
  };
  const raw = new RangeStream(file.fd, data.dataStart, data.dataStart + data.compressedSize);
  raw.once('close', letGo);
  const stream = data.method === 8 ? inflated(raw) : raw;
  const declared = data.uncompressedSize;
  const refuse = () => {
    const error = new ArchiveRefusedError(`entry inflates to more than its declared ${declared} bytes (zip bomb?)`);
    watch.onRefused(error);
    return error;
  };
  let produced = 0;
  let crc = 0;
  return entryPieces(stream, 'zip', {
    onPiece(piece) {
      produced += piece.length;
      if (produced > declared) throw refuse();
      crc = zlib.crc32(piece, crc);
    },
    atEnd() {
      if (produced !== declared) return new BrokenArchiveError(`broken zip entry: it comes to ${produced} bytes, the archive says ${declared} (damaged data)`);
      if (crc >>> 0 !== data.crc32 >>> 0) {
        return new BrokenArchiveError(`broken zip entry: its CRC-32 is ${hex(crc)}, the archive says ${hex(data.crc32)} (damaged data)`);
      }
      const changed = archiveChangedError(found, file.stat());
      if (changed !== null) watch.onChanged(changed);
      return changed;
    },
    translate: (error) => {
      const unreadable = sourceReadError(error);
      return unreadable === error ? null : unreadable;
    },
    onDone: letGo,
  });
}

/** `raw` inflated; an error of either ends both. (Not stream.pipeline: its AbortController costs more than a small entry's reading.) */
function inflated(raw: Readable): Readable {
  const inflate = zlib.createInflateRaw();
  raw.once('error', (error) => inflate.destroy(error));
  inflate.once('close', () => raw.destroy());
  return raw.pipe(inflate);
}

function hex(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}
