import { fileTypeFromBuffer } from 'file-type';

/** Enough of the start of a file for magic-number detection. */
export const SNIFF_BYTES = 4100;

/** The detected media type from a file's first bytes, never from its name. */
export async function detectMediaType(head: Buffer): Promise<string> {
  if (head.length === 0) return 'application/x-empty';
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the sample; ignore the last 3 bytes.
  const sample = head.length > 3 ? head.subarray(0, head.length - 3) : head;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return true;
  } catch {
    return false;
  }
}
