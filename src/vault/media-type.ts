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
  try {
    // stream: a multi-byte character cut off at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
