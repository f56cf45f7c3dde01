import crypto from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
// Not through crypto/age.js: this module loads in every verify worker, which should not load the age library.
import { AGE_CHUNK_ENCRYPTED } from '../../crypto/index.js';
import { PayloadDecryptor } from '../../crypto/index.js';

/** Where an age file's payload starts, and the keys to open it (from its header, read by the caller). */
export interface PayloadKeys {
  payloadStart: number;
  fileKey: Buffer;
  nonce: Buffer;
}

export interface PayloadDigest {
  sha256: string;
  size: number;
}

/** Whole STREAM chunks per read, so that each read decrypts in place without carrying bytes over. */
const READ_CHUNKS = 16;

/**
 * Decrypts an age file's payload and hashes the plaintext, reading with one reused buffer: no stream, no
 * fresh buffer per read (the garbage that, with a Transform stream, cost verify more than its crypto).
 * Synchronous: it runs in a worker thread, or inline where no worker can be started.
 */
export function digestPayload(file: string, keys: PayloadKeys): PayloadDigest {
  const fd = openSync(file, 'r');
  try {
    const decryptor = new PayloadDecryptor(keys.fileKey, keys.nonce);
    const hash = crypto.createHash('sha256');
    const buffer = Buffer.allocUnsafeSlow(READ_CHUNKS * AGE_CHUNK_ENCRYPTED);
    let position = keys.payloadStart;
    let size = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const plain = decryptor.push(buffer.subarray(0, bytesRead));
      hash.update(plain);
      size += plain.length;
    }
    const last = decryptor.finish();
    hash.update(last);
    size += last.length;
    return { sha256: hash.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}
