import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { FILE_KEY_BYTES, PAYLOAD_NONCE_BYTES } from './stream.js';

const PAYLOAD_INFO = new TextEncoder().encode('payload');

/** The ChaCha20-Poly1305 key of a file's payload. */
export function payloadKey(fileKey: Uint8Array, payloadNonce: Uint8Array): Uint8Array {
  if (fileKey.length !== FILE_KEY_BYTES) throw new RangeError(`an age file key has ${FILE_KEY_BYTES} bytes`);
  if (payloadNonce.length !== PAYLOAD_NONCE_BYTES) throw new RangeError(`an age payload nonce has ${PAYLOAD_NONCE_BYTES} bytes`);
  return hkdf(sha256, fileKey, payloadNonce, PAYLOAD_INFO, 32);
}

/**
 * A payload nonce for one new file, from the runtime's CSPRNG. Every file gets its own: a nonce that something else
 * was already encrypted under (such as the empty file age-encryption seals to make a header) must never be used.
 */
export function freshPayloadNonce(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(PAYLOAD_NONCE_BYTES));
}
