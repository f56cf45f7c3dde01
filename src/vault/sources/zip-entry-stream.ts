import type { Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ArchiveRefusedError } from './archive-limits.js';
import { entryPieces } from './entry-pieces.js';
import { BrokenArchiveError } from './source-errors.js';
import { archiveChangedError } from './source-change.js';
import type { PlaintextSource } from './types.js';

export const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: true,
  validateEntrySizes: true,
  // Names are decoded and checked by us: yauzl would fail the whole archive on one "../" name.
  decodeStrings: false,
} as const;

/** Node ≥ 20.15 has it; yauzl does not check entries' CRC-32 itself. */
const crc32: ((data: Buffer, value?: number) => number) | undefined = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

/**
 * Streams one entry's plaintext. Zip entries may be opened after the walker has moved past the archive (they
 * are not sequential); by then yauzl has closed the file, so the archive is opened again just for this entry.
 * The stream fails with ArchiveRefusedError if the entry inflates past its declared size, BrokenArchiveError
 * if its data is damaged (cannot be inflated, or its CRC-32 differs), and SourceChangedError if the archive
 * is no longer the file the walk `found` once the entry is read.
 */
export async function openZipEntryStream(
  zip: ZipFile,
  archivePath: string,
  found: Stats,
  entry: Entry,
  onRefused: (error: ArchiveRefusedError) => void,
): Promise<PlaintextSource> {
  let raw: Readable;
  try {
    raw = zip.isOpen ? await zip.openReadStreamPromise(entry) : await reopenAndStream(archivePath, entry);
  } catch (error) {
    throw new BrokenArchiveError(`broken zip entry: ${(error as Error).message}`, { cause: error });
  }
  const declared = entry.uncompressedSize;
  const refuse = (cause?: unknown) => {
    const error = new ArchiveRefusedError(`entry inflates to more than its declared ${declared} bytes (zip bomb?)`, cause === undefined ? undefined : { cause });
    onRefused(error);
    return error;
  };
  let produced = 0;
  let crc = 0;
  return entryPieces(raw, 'zip', {
    onPiece(piece) {
      produced += piece.length;
      // yauzl already fails a stream that inflates past the declared size; checked again in case it ever does not.
      if (produced > declared) throw refuse();
      if (crc32 !== undefined) crc = crc32(piece, crc);
    },
    atEnd() {
      if (crc32 !== undefined && crc !== entry.crc32) {
        return new BrokenArchiveError(`broken zip entry: its CRC-32 is ${hex(crc)}, the archive says ${hex(entry.crc32)} (damaged data)`);
      }
      return archiveChangedError(archivePath, found);
    },
    translate: (error) => (error.message.startsWith('too many bytes in the stream') ? refuse(error) : null),
  });
}

async function reopenAndStream(archivePath: string, entry: Entry): Promise<Readable> {
  const zip = await yauzl.openPromise(archivePath, { ...ZIP_OPTIONS, autoClose: false });
  try {
    return await zip.openReadStreamPromise(entry);
  } finally {
    // The entry's stream holds its own reference to the file until it ends.
    zip.close();
  }
}

function hex(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}
