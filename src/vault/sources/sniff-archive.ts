const USTAR_OFFSET = 257;
const USTAR = Buffer.from('ustar', 'latin1');
/** How many bytes of a tar (or of what a gzip file inflates to) show whether it is one. */
export const USTAR_END = USTAR_OFFSET + USTAR.length;

/** What a file's first bytes say it may be; a gzip file is expanded only if it turns out to hold a tar. */
export type HeadKind = 'zip' | 'tar' | 'gzip' | null;

/** Decides by magic bytes, never by the file name. */
export function sniffHead(head: Buffer): HeadKind {
  if (isZip(head)) return isZipDocument(head) ? null : 'zip';
  if (isTar(head)) return 'tar';
  if (isGzip(head)) return 'gzip';
  return null;
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

export function isTar(head: Buffer): boolean {
  return head.subarray(USTAR_OFFSET, USTAR_END).equals(USTAR);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
