import { randomBytesPooled } from '../crypto/index.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A random identifier such as `itm_3k9x…`: 80 bits, readable, safe in paths and URLs. */
export function newId(prefix: string): string {
  const bytes = randomBytesPooled(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! & 31];
  return `${prefix}_${out}`;
}
