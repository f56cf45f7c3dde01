import fsp from 'node:fs/promises';
import { AGE_NONCE_BYTES, AgeDecryptError, findHeaderEnd, MAX_AGE_HEADER_BYTES, readFileKey } from '../../crypto/index.js';
import type { PayloadKeys } from './payload-digest.js';

/** Enough for an age header with a few recipients; a larger one is read again whole. */
const FIRST_READ = 64 * 1024;

/** Reads an age file's header, unwraps its file key with `identity` (on this thread) and finds its payload. */
export async function readPayloadKeys(file: string, identity: string): Promise<PayloadKeys> {
  const handle = await fsp.open(file, 'r');
  try {
    let head = await readHead(handle, FIRST_READ);
    let headerEnd = findHeaderEnd(head);
    if (headerEnd === -1 && head.length === FIRST_READ) {
      head = await readHead(handle, MAX_AGE_HEADER_BYTES + AGE_NONCE_BYTES);
      headerEnd = findHeaderEnd(head);
    }
    if (headerEnd === -1) {
      throw new AgeDecryptError(
        'header',
        head.length > MAX_AGE_HEADER_BYTES ? `age header is larger than ${MAX_AGE_HEADER_BYTES} bytes` : 'age file ends inside its header',
      );
    }
    const fileKey = await readFileKey(head.subarray(0, headerEnd), [identity]);
    const payloadStart = headerEnd + AGE_NONCE_BYTES;
    if (head.length < payloadStart) throw new AgeDecryptError('header', 'age file ends before its payload nonce');
    return { payloadStart, fileKey, nonce: Buffer.from(head.subarray(headerEnd, payloadStart)) };
  } finally {
    await handle.close();
  }
}

async function readHead(handle: fsp.FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
