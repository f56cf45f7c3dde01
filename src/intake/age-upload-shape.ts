import { ageFileSize, isValidAgeFileLength } from '../age-format/index.js';
import { parseCanonicalHeader } from '../crypto/index.js';

/** Why an age header sent by a browser cannot be accepted, or null when it is well formed for `recipientCount` recipients. */
export function headerProblem(header: Buffer, recipientCount: number): string | null {
  const parsed = parseCanonicalHeader(header);
  if (parsed === null) return 'the encryption header is not a well-formed age header with X25519 recipients';
  if (parsed.stanzas.length !== recipientCount)
    return `the encryption header has ${parsed.stanzas.length} recipients where the organisation has ${recipientCount}`;
  return null;
}

/** True when an age file of `length` bytes with this header could hold a whole STREAM payload. */
export function isValidAgeLength(length: number, headerLength: number): boolean {
  return isValidAgeFileLength(length, headerLength);
}

/** The size of the age file with a header of `headerLength` bytes around `plaintext` bytes. */
export function ageFileLength(headerLength: number, plaintext: number): number {
  return ageFileSize(headerLength, plaintext);
}
