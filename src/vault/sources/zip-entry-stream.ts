import { Transform, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ArchiveRefusedError } from './archive-limits.js';

export const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: true,
  validateEntrySizes: true,
  // Names are decoded and checked by us: yauzl would fail the whole archive on one "../" name.
  decodeStrings: false,
} as const;

/**
 * Streams one entry's plaintext. Zip entries may be opened after the walker has
 * moved past the archive (they are not sequential); by then yauzl has closed the
 * file, so the archive is opened again just for this entry.
 */
export async function openZipEntryStream(
  zip: ZipFile,
  archivePath: string,
  entry: Entry,
  onRefused: (error: ArchiveRefusedError) => void,
): Promise<Readable> {
  const raw = zip.isOpen ? await zip.openReadStreamPromise(entry) : await reopenAndStream(archivePath, entry);
  return guardDeclaredSize(raw, entry.uncompressedSize, onRefused);
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

/**
 * yauzl already fails a stream that inflates past the declared size; this turns
 * that into an ArchiveRefusedError (and checks again, in case it ever does not).
 */
function guardDeclaredSize(
  source: Readable,
  declared: number,
  onRefused: (error: ArchiveRefusedError) => void,
): Readable {
  const refuse = (cause?: unknown) => {
    const error = new ArchiveRefusedError(
      `entry inflates to more than its declared ${declared} bytes (zip bomb?)`,
      cause === undefined ? undefined : { cause },
    );
    onRefused(error);
    return error;
  };
  let produced = 0;
  const guarded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      produced += chunk.length;
      if (produced > declared) callback(refuse());
      else callback(null, chunk);
    },
  });
  source.on('error', (error: Error) => {
    guarded.destroy(error.message.startsWith('too many bytes in the stream') ? refuse(error) : error);
  });
  guarded.on('close', () => source.destroy());
  source.pipe(guarded);
  return guarded;
}
