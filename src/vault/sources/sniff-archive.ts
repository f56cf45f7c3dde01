import { closeSync, constants, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { ArchiveFormat } from './types.js';

/** Enough to see a tar header's "ustar" magic at offset 257. */
export const HEAD_BYTES = 512;
const USTAR_OFFSET = 257;
const USTAR = Buffer.from('ustar', 'latin1');
/** How much of a gzip file is inflated to look for a tar inside it. */
const GZIP_SNIFF_INPUT_BYTES = 1024 * 1024;

export type ArchiveSniff = { format: ArchiveFormat } | { format: null } | { broken: string };

/**
 * Reads a file's first bytes; also proves the file can be opened and read. Synchronous on purpose:
 * one small read costs less than the promise and file-handle machinery around an async one, and
 * this runs once for every file of a leak.
 */
export async function readHead(path: string): Promise<Buffer> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Decides by magic bytes, never by the file name. */
export async function sniffArchive(path: string, head: Buffer): Promise<ArchiveSniff> {
  if (isZip(head)) return isZipDocument(head) ? { format: null } : { format: 'zip' };
  if (isTar(head)) return { format: 'tar' };
  if (!isGzip(head)) return { format: null };
  let inflated: Buffer;
  try {
    inflated = await inflateStart(path, USTAR_OFFSET + USTAR.length);
  } catch (error) {
    return { broken: `corrupt gzip: ${(error as Error).message}` };
  }
  // A gzip of anything but a tar is just a file.
  return { format: isTar(inflated) ? 'tar.gz' : null };
}

function isZip(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  const local = head[2] === 0x03 && head[3] === 0x04;
  const emptyArchive = head[2] === 0x05 && head[3] === 0x06;
  return local || emptyArchive;
}

/**
 * Office documents (OOXML, OpenDocument), EPUB, JAR and APK are zips too, but an investigator
 * wants the document, not its XML parts: recognised by the name of the zip's first entry.
 */
const DOCUMENT_FIRST_ENTRIES = ['[Content_Types].xml', 'mimetype', 'META-INF/', 'META-INF/MANIFEST.MF', 'AndroidManifest.xml', '_rels/.rels', 'docProps/'];

function isZipDocument(head: Buffer): boolean {
  if (head.length < 30 || head[2] !== 0x03) return false;
  const nameLength = head.readUInt16LE(26);
  const name = head.subarray(30, Math.min(head.length, 30 + nameLength)).toString('latin1');
  return DOCUMENT_FIRST_ENTRIES.some((first) => name === first || (first.endsWith('/') && name.startsWith(first)));
}

function isTar(head: Buffer): boolean {
  return head.subarray(USTAR_OFFSET, USTAR_OFFSET + USTAR.length).equals(USTAR);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The first `wanted` inflated bytes (fewer if the stream is shorter). */
function inflateStart(path: string, wanted: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const file = createReadStream(path, { start: 0, end: GZIP_SNIFF_INPUT_BYTES - 1 });
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (error: Error | null) => {
      file.destroy();
      gunzip.destroy();
      if (error && length < wanted) reject(error);
      else resolve(Buffer.concat(chunks).subarray(0, wanted));
    };
    file.on('error', finish);
    gunzip.on('error', finish);
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= wanted) finish(null);
    });
    gunzip.on('end', () => finish(null));
    file.pipe(gunzip);
  });
}
