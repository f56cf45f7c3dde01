import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { createAgeDecryptStream } from '../crypto/index.js';
import type { PlaintextSource } from '../vault/index.js';

/** Refuses an entry whose plaintext is not what the source's manifest says: the ingest records it as a problem. */
export class SourceRefusedError extends Error {
  override name = 'SourceRefusedError';
}

export interface CiphertextReceipt {
  sha256: string;
  size: number;
}

/**
 * A submitted age file's plaintext, piece by piece, decrypted as it is read: it never touches the disk.
 * At the end the plaintext's SHA-256 must equal the manifest's, and the ciphertext's own hash is reported.
 */
export function decryptingSource(
  ciphertext: Readable,
  identity: string,
  expectedSha256: string,
  onReceipt: (receipt: CiphertextReceipt) => void,
): PlaintextSource {
  const cipherHash = crypto.createHash('sha256');
  let cipherSize = 0;
  ciphertext.on('data', (piece: Buffer) => {
    cipherHash.update(piece);
    cipherSize += piece.length;
  });
  const decrypt = createAgeDecryptStream([identity]);
  ciphertext.on('error', (error) => decrypt.destroy(error));
  ciphertext.pipe(decrypt);
  async function* pieces(): AsyncGenerator<Buffer> {
    const hash = crypto.createHash('sha256');
    try {
      for await (const piece of decrypt as AsyncIterable<Buffer>) {
        hash.update(piece);
        yield piece;
      }
    } catch (error) {
      throw new SourceRefusedError(`the file cannot be decrypted: ${(error as Error).message}`);
    }
    const actual = hash.digest('hex');
    if (actual !== expectedSha256) {
      throw new SourceRefusedError(`the decrypted file's SHA-256 ${actual} differs from the ${expectedSha256} the source's browser computed`);
    }
    onReceipt({ sha256: cipherHash.digest('hex'), size: cipherSize });
  }
  const iterator = pieces();
  return {
    [Symbol.asyncIterator]: () => iterator,
    destroy: (error?: Error) => {
      ciphertext.destroy(error);
      decrypt.destroy(error);
    },
  };
}
