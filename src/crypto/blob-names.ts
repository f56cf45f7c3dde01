import { createHmac, randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;

export function newBlobNameSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

/**
 * Names a blob by HMAC-SHA256(secret, raw SHA-256 of its plaintext), so the blob store
 * never reveals the plain hash, which would let anyone holding the disk confirm a guess.
 */
export function blobName(secret: Buffer, sha256Hex: string): string {
  if (secret.length < SECRET_BYTES) throw new Error(`blob name secret must be at least ${SECRET_BYTES} bytes`);
  if (!/^[0-9a-fA-F]{64}$/.test(sha256Hex)) throw new Error('expected a SHA-256 as 64 hex characters');
  return createHmac('sha256', secret).update(Buffer.from(sha256Hex, 'hex')).digest('hex');
}
