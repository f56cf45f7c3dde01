import fs from 'node:fs';
import { openBlobFile } from './open-blob-file.js';
import { AGE_NONCE_BYTES, AgeDecryptError, findHeaderEnd, MAX_AGE_HEADER_BYTES, readFileKey, readFileKeySync } from '../../crypto/index.js';
import type { PayloadKeys } from './payload-digest.js';

/** Enough for an age header with a few recipients; a larger one is read again whole. */
const FIRST_READ = 4096;

/** An age file's header (up to and with its MAC line) and where its payload starts, the nonce before it. */
interface AgeHead {
  header: Buffer;
  nonce: Buffer;
  payloadStart: number;
}

/**
 * Reads an age file's header, unwraps its file key with `identity` (on this thread) and finds its payload.
 * The file is opened and its head read synchronously: a few microseconds from a local disk, where a round
 * trip through the thread pool costs ten times that, for every one of thousands of small blobs.
 */
export async function readPayloadKeys(file: string, identity: string): Promise<PayloadKeys> {
  const fd = openBlobFile(file);
  let head: AgeHead;
  try {
    head = readAgeHead(fd);
  } finally {
    fs.closeSync(fd);
  }
  const fileKey = await readFileKey(head.header, [identity]);
  return { payloadStart: head.payloadStart, fileKey, nonce: head.nonce };
}

/**
 * The same from an open blob, synchronously (a verify worker, which then reads the payload from the same
 * descriptor); undefined where the header needs the age library (post-quantum or passphrase stanzas).
 */
export function readPayloadKeysSync(fd: number, identity: string): PayloadKeys | undefined {
  const head = readAgeHead(fd);
  const fileKey = readFileKeySync(head.header, [identity]);
  return fileKey === undefined ? undefined : { payloadStart: head.payloadStart, fileKey, nonce: head.nonce };
}

function readAgeHead(fd: number): AgeHead {
  let head = readHead(fd, FIRST_READ);
  const end = findHeaderEnd(head);
  // The header, or the payload nonce after it, goes on past the first read: read again, whole.
  if ((end === -1 || end + AGE_NONCE_BYTES > head.length) && head.length === FIRST_READ) head = readHead(fd, MAX_AGE_HEADER_BYTES + AGE_NONCE_BYTES);
  const headerEnd = findHeaderEnd(head);
  if (headerEnd === -1) {
    throw new AgeDecryptError(
      'header',
      head.length > MAX_AGE_HEADER_BYTES ? `age header is larger than ${MAX_AGE_HEADER_BYTES} bytes` : 'age file ends inside its header',
    );
  }
  const payloadStart = headerEnd + AGE_NONCE_BYTES;
  if (head.length < payloadStart) throw new AgeDecryptError('header', 'age file ends before its payload nonce');
  return { header: head.subarray(0, headerEnd), nonce: Buffer.from(head.subarray(headerEnd, payloadStart)), payloadStart };
}

function readHead(fd: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const bytesRead = fs.readSync(fd, buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
