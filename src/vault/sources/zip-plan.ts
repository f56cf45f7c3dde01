import { read } from 'node:fs';
import zlib from 'node:zlib';
import yauzl, { type Entry } from 'yauzl';
import { archiveRatioRefusal, entryCountRefusal, totalRefusal } from './archive-limits.js';
import { quoted } from './location-text.js';
import type { ArchiveFile } from './source-file.js';
import type { ArchiveLimits } from './types.js';
import { firstOverlap } from './zip-overlap.js';

/**
 * yauzl reads only the central directory, through the archive's one descriptor (which yauzl must never
 * close: hence no autoClose, and no close() of the ZipFile); entries' data is read by zip-entry-stream.ts.
 */
export const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  validateEntrySizes: true,
  // Names are decoded and checked by us: yauzl would fail the whole archive on one "../" name.
  decodeStrings: false,
} as const;

const LOCAL_HEADER_BYTES = 30;
const CENTRAL_RECORD_BYTES = 46;
/** Local headers are read through a small cache: in an archive of small entries, many share a block. */
const BLOCK_BYTES = 64 * 1024;

/** What an entry's local header says, as far as the ingest cares. */
export const LocalHeader = { ok: 0, missing: 1, outside: 2, otherName: 3 } as const;
export type LocalHeaderState = (typeof LocalHeader)[keyof typeof LocalHeader];

/**
 * A zip's central directory as the limits were checked on it, entry by entry (in compact arrays: a million
 * entries take 37 MB). The entries are then read from a second pass over the same descriptor, each checked
 * to be the record planned here, and their data read where the plan says: what the limits saw is what is read.
 */
export interface ZipPlan {
  count: number;
  offsets: Float64Array;
  compressedSizes: Float64Array;
  uncompressedSizes: Float64Array;
  /** Where each entry's data starts, by its local header. */
  dataStarts: Float64Array;
  nameCrcs: Uint32Array;
  local: Uint8Array;
}

export type ZipDeclaration = { refusal: string } | { plan: ZipPlan };

/**
 * A first pass over the central directory (and each entry's local header), so that an archive that
 * declares too much is refused before any of its entries are yielded: too many entries, too many bytes in
 * all, entries whose data overlap, or more bytes in all than the ratio limit allows from the archive's size.
 * Each entry's stream fails once it inflates past its declared size, so what is declared bounds what can
 * come out.
 */
export async function planZip(archive: ArchiveFile, limits: ArchiveLimits): Promise<ZipDeclaration> {
  const zip = await yauzl.fromFdPromise(archive.fd, ZIP_OPTIONS);
  const tooMany = entryCountRefusal(zip.entryCount, limits);
  if (tooMany !== null) return { refusal: tooMany };
  // Every record takes at least 46 bytes of the file: no more entries than that can be real.
  const capacity = Math.min(zip.entryCount, Math.floor(zip.fileSize / CENTRAL_RECORD_BYTES));
  const plan: ZipPlan = {
    count: 0,
    offsets: new Float64Array(capacity),
    compressedSizes: new Float64Array(capacity),
    uncompressedSizes: new Float64Array(capacity),
    dataStarts: new Float64Array(capacity),
    nameCrcs: new Uint32Array(capacity),
    local: new Uint8Array(capacity),
  };
  const blocks = new BlockReader(archive.fd);
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    if (plan.count === capacity) throw new Error(`more entries than its ${zip.fileSize} bytes can hold`);
    total += entry.uncompressedSize;
    const tooBig = totalRefusal(total, zip.fileSize, limits);
    if (tooBig !== null) return { refusal: tooBig };
    const i = plan.count++;
    plan.offsets[i] = entry.relativeOffsetOfLocalHeader;
    plan.compressedSizes[i] = entry.compressedSize;
    plan.uncompressedSizes[i] = entry.uncompressedSize;
    plan.nameCrcs[i] = zlib.crc32(entry.fileNameRaw);
    const local = await readLocalHeader(blocks, entry, zip.fileSize);
    plan.local[i] = local.state;
    plan.dataStarts[i] = local.dataStart;
  }
  const ends = plan.dataStarts.map((start, i) => start + plan.compressedSizes[i]!);
  const overlap = firstOverlap(plan.offsets.subarray(0, plan.count), ends.subarray(0, plan.count));
  if (overlap !== null) {
    const [first, second] = await entryNames(archive, overlap);
    return { refusal: `entries overlap: ${quoted(second!)} starts inside ${quoted(first!)} (a zip bomb?)` };
  }
  const ratio = archiveRatioRefusal(total, zip.fileSize, limits, 'zip bomb');
  return ratio === null ? { plan } : { refusal: ratio };
}

/** Whether `entry`, met again in the second pass at position `i`, is still the record the plan was made from. */
export function matchesPlan(plan: ZipPlan, i: number, entry: Entry): boolean {
  return (
    i < plan.count &&
    plan.offsets[i] === entry.relativeOffsetOfLocalHeader &&
    plan.compressedSizes[i] === entry.compressedSize &&
    plan.uncompressedSizes[i] === entry.uncompressedSize &&
    plan.nameCrcs[i] === zlib.crc32(entry.fileNameRaw)
  );
}

/** The raw name of an entry, undecoded by yauzl (see ZIP_OPTIONS). */
export function rawNameOf(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

/** The name an entry's local header gives, for a problem's reason. */
export async function localName(archive: ArchiveFile, offset: number): Promise<string> {
  const blocks = new BlockReader(archive.fd);
  const header = await blocks.bytes(offset, LOCAL_HEADER_BYTES);
  if (header.length < LOCAL_HEADER_BYTES) return '';
  const name = await blocks.bytes(offset + LOCAL_HEADER_BYTES, header.readUInt16LE(26));
  return name.toString('utf8');
}

async function readLocalHeader(blocks: BlockReader, entry: Entry, fileSize: number): Promise<{ state: LocalHeaderState; dataStart: number }> {
  const offset = entry.relativeOffsetOfLocalHeader;
  const central = entry.fileNameRaw;
  // Where the data would start after a header with no name: the smallest extent, for the overlap check.
  const missing = { state: LocalHeader.missing, dataStart: offset + LOCAL_HEADER_BYTES };
  const header = await blocks.bytes(offset, LOCAL_HEADER_BYTES + central.length);
  if (header.length < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== 0x04034b50) return missing;
  const nameLength = header.readUInt16LE(26);
  const dataStart = offset + LOCAL_HEADER_BYTES + nameLength + header.readUInt16LE(28);
  if (dataStart + entry.compressedSize > fileSize) return { state: LocalHeader.outside, dataStart };
  const sameName = nameLength === central.length && header.subarray(LOCAL_HEADER_BYTES, LOCAL_HEADER_BYTES + nameLength).equals(central);
  return { state: sameName ? LocalHeader.ok : LocalHeader.otherName, dataStart };
}

/** The raw names of the entries at these central-directory positions, for a message. */
async function entryNames(archive: ArchiveFile, positions: readonly number[]): Promise<string[]> {
  const names = new Map<number, string>();
  const zip = await yauzl.fromFdPromise(archive.fd, ZIP_OPTIONS);
  let position = 0;
  for await (const entry of zip.eachEntry()) {
    if (positions.includes(position)) names.set(position, rawNameOf(entry));
    if (names.size === positions.length) break;
    position++;
  }
  return positions.map((p) => names.get(p) ?? `entry ${p + 1}`);
}

/** Positioned reads of a descriptor through one cached block. */
class BlockReader {
  private block = Buffer.alloc(0);
  private start = 0;

  constructor(private readonly fd: number) {}

  /** `length` bytes at `position`, fewer at the end of the file; valid until the next call. */
  async bytes(position: number, length: number): Promise<Buffer> {
    if (position >= this.start && position + length <= this.start + this.block.length) {
      return this.block.subarray(position - this.start, position - this.start + length);
    }
    const buffer = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, length));
    const bytesRead = await new Promise<number>((resolve, reject) =>
      read(this.fd, buffer, 0, buffer.length, position, (error, n) => (error ? reject(error) : resolve(n))),
    );
    this.block = buffer.subarray(0, bytesRead);
    this.start = position;
    return this.block.subarray(0, Math.min(length, bytesRead));
  }
}
