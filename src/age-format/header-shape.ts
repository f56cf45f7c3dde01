import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64nopad } from '@scure/base';

export const AGE_VERSION_LINE = 'age-encryption.org/v1\n';

/** The header as Vigil writes and accepts it from browsers: X25519 stanzas only, canonical base64 and wrapping. */
export const CANONICAL_X25519_HEADER = /^age-encryption\.org\/v1\n((?:-> X25519 [A-Za-z0-9+/]{43}\n[A-Za-z0-9+/]{43}\n)+)--- ([A-Za-z0-9+/]{43})\n$/;

const MAC_LINE = /\n--- [A-Za-z0-9+/]{43}\n$/;
const HEADER_INFO = new TextEncoder().encode('header');
const latin1 = (bytes: Uint8Array): string => Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');

/** True when `header` starts with the version line and ends with a MAC line (it says nothing of the stanzas). */
export function hasAgeHeaderLayout(header: Uint8Array): boolean {
  const text = latin1(header);
  return text.startsWith(AGE_VERSION_LINE) && MAC_LINE.test(text);
}

/** True when the header's MAC was made with `fileKey`: HMAC-SHA-256 under HKDF(file key, "header") of all up to "---". */
export function headerMacMatches(header: Uint8Array, fileKey: Uint8Array): boolean {
  if (!hasAgeHeaderLayout(header)) return false;
  const macStart = header.length - 44; // "--- " is followed by 43 base64 characters and a newline
  const expected = hmac(sha256, hkdf(sha256, fileKey, new Uint8Array(0), HEADER_INFO, 32), header.subarray(0, macStart - 1));
  const given = base64nopad.decode(latin1(header.subarray(macStart, macStart + 43)));
  return given.length === expected.length && given.every((byte, i) => byte === expected[i]);
}
