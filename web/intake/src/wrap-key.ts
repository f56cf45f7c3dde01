import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { FILE_KEY_BYTES, PAYLOAD_NONCE_BYTES } from '../../../src/age-format/index.js';

const AAD = new TextEncoder().encode('vigil/intake/file-key/v1');
const NONCE_BYTES = 24;

export interface FileSecrets {
  fileKey: Uint8Array;
  payloadNonce: Uint8Array;
}

/** base64(nonce24 ‖ XChaCha20-Poly1305(fileKey ‖ payloadNonce)): what the server keeps as the upload's `key`. */
export function wrapFileSecrets(wrapKey: Uint8Array, secrets: FileSecrets): string {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const plain = new Uint8Array(FILE_KEY_BYTES + PAYLOAD_NONCE_BYTES);
  plain.set(secrets.fileKey, 0);
  plain.set(secrets.payloadNonce, FILE_KEY_BYTES);
  const sealed = xchacha20poly1305(wrapKey, nonce, AAD).encrypt(plain);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return base64.encode(out);
}

/** Throws when the key was wrapped under another codename or was altered. */
export function unwrapFileSecrets(wrapKey: Uint8Array, wrapped: string): FileSecrets {
  const bytes = base64.decode(wrapped);
  const plain = xchacha20poly1305(wrapKey, bytes.subarray(0, NONCE_BYTES), AAD).decrypt(bytes.subarray(NONCE_BYTES));
  if (plain.length !== FILE_KEY_BYTES + PAYLOAD_NONCE_BYTES) throw new Error('wrapped file key has the wrong length');
  return { fileKey: plain.slice(0, FILE_KEY_BYTES), payloadNonce: plain.slice(FILE_KEY_BYTES) };
}

/** Lets the browser recognise a file it started uploading without telling the server what the file is. */
export function fingerprint(wrapKey: Uint8Array, name: string, size: number, lastModified: number): string {
  const mac = hmac(sha256, wrapKey, new TextEncoder().encode(`${name}\0${size}\0${lastModified}`));
  return base64.encode(mac.subarray(0, 16));
}

const NAME_AAD = new TextEncoder().encode('vigil/intake/file-name/v1');
const NAME_BUCKET = 64;

/** base64(nonce24 ‖ XChaCha20-Poly1305(name)): the file's name as the intake keeps it, for the source's page alone. */
export function sealFileName(wrapKey: Uint8Array, name: string): string {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  // At most 1,000 bytes of the name: a path inside a deep folder is cut rather than refused. Padded with zero
  // bytes to a multiple of 64, so that the sealed name does not tell its exact length (a name has no zero byte).
  const bytes = new TextEncoder().encode(name).subarray(0, 1000);
  const plain = new Uint8Array(Math.max(NAME_BUCKET, Math.ceil(bytes.length / NAME_BUCKET) * NAME_BUCKET));
  plain.set(bytes);
  const sealed = xchacha20poly1305(wrapKey, nonce, NAME_AAD).encrypt(plain);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return base64.encode(out);
}

/** The name, or null when it was sealed under another codename or cannot be read. */
export function openFileName(wrapKey: Uint8Array, sealed: string): string | null {
  try {
    const bytes = base64.decode(sealed);
    const plain = xchacha20poly1305(wrapKey, bytes.subarray(0, NONCE_BYTES), NAME_AAD).decrypt(bytes.subarray(NONCE_BYTES));
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    return new TextDecoder('utf-8', { fatal: false }).decode(plain.subarray(0, end));
  } catch {
    return null;
  }
}
